"""Bundles in: readers and cells read them, entities and claims check them into a plan, writer and
bulk write it in one transaction, known holds the names; loader has load_bundle and load_into."""
