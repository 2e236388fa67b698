"""Reports and pictures made from analysis results (workbooks, HTML, forest plots)."""
