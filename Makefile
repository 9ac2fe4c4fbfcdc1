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

# axe-core for the HTML accessibility tests (tests/writers/html/test_html_axe.py), where npm is installed
AXE := .cache/node/node_modules/axe-core/axe.min.js
$(AXE):
	if command -v npm >/dev/null 2>&1; then npm install --silent --no-audit --no-fund --prefix .cache/node axe-core@4; fi

demo: $(STAMP)
	$(VENV)/bin/boardpaper build

test: $(STAMP) $(AXE)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) benchmarks/bench.py
	$(PY) benchmarks/serve.py

picture: $(STAMP)
	$(PY) scripts/make_picture.py

reference: $(STAMP)
	$(PY) scripts/make_reference_docx.py layouts/spcb.toml

sample: $(STAMP)
	$(PY) scripts/make_sample.py

dist: $(STAMP)
	$(PY) -m build --outdir dist

clean:
	rm -rf $(VENV) dist out/*.docx out/*.pdf out/*.html
