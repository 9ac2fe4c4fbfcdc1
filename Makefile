# Two commands on a fresh machine: `make demo` (build the sample into out/) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test bench picture reference sample dist clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/boardpaper build

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) benchmarks/bench.py

picture: $(STAMP)
	$(PY) scripts/make_picture.py

reference: $(STAMP)
	$(PY) scripts/make_reference_docx.py layouts/spcb.toml

sample: $(STAMP)
	$(PY) scripts/make_sample.py

dist: $(STAMP)
	$(PY) -m build --outdir dist

clean:
	rm -rf $(VENV) dist out/*.docx out/*.pdf
