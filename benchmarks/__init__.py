"""The benchmarks: ``bench_import.py`` (how fast ``claimsdb import`` loads a large bundle) and
``bench_analysis.py`` (``compare``, ``check`` and ``reconcile`` on a large database).

Run either as a file from any folder (``python benchmarks/bench_import.py``), or as a module from
the repository root (``python -m benchmarks.bench_import``); see README.md here. The other modules
are their parts: ``measure`` (children, wall clock, peak RSS), ``environment``, ``synthetic``
(shared generator pieces), ``storage`` (claimsdb's SQLite tables written directly), ``report``,
and per benchmark ``bundles``/``baselines``/``import_runs``/``postgres`` or
``analysis_data``/``analysis_workers``/``analysis_report``.
"""
