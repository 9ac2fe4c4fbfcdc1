# Two commands on a fresh machine: `make demo` (build the sample into out/) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: demo test bench picture reference sample dist clean lock

# Installs come from the lock (requirements/*.txt: every dependency's exact version and its
# hashes), then boardpaper itself without dependencies: a fresh clone gets the versions the tests
# last passed with. pyproject.toml keeps open ranges for people installing the wheel.
$(VENV)/pyvenv.cfg:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.runtime: requirements/runtime.txt pyproject.toml | $(VENV)/pyvenv.cfg
	$(PY) -m pip install -q --require-hashes -r requirements/runtime.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

$(VENV)/.test: requirements/test.txt pyproject.toml | $(VENV)/pyvenv.cfg
	$(PY) -m pip install -q --require-hashes -r requirements/test.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

# `make lock` refreshes the lock from pyproject.toml with pip-tools (in its own environment):
# test.txt holds the runtime and every extra in LOCK_EXTRAS (add an extra there: one word);
# runtime.txt is the runtime alone, held to test.txt's versions. An extra that needs its own file
# for an install is one more line, e.g.
#	$(PIP_COMPILE) --extra serve -c requirements/test.txt -o requirements/serve.txt pyproject.toml
LOCK_EXTRAS := test serve
LOCK_VENV := .cache/pip-tools
# (--unsafe-package boardpaper: the test extra names boardpaper[serve], and boardpaper itself is
# installed from the checkout, not from the lock; pip and setuptools get pinned like any other)
PIP_COMPILE = $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --unsafe-package boardpaper --strip-extras \
	--no-emit-index-url --no-emit-trusted-host --no-emit-find-links
lock:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install -q --upgrade pip pip-tools
	$(PIP_COMPILE) --upgrade $(addprefix --extra ,$(LOCK_EXTRAS)) -o requirements/test.txt pyproject.toml
	rm -f requirements/runtime.txt
	$(PIP_COMPILE) -c requirements/test.txt -o requirements/runtime.txt pyproject.toml

# axe-core for the HTML accessibility tests (tests/writers/html/test_html_axe.py), where npm is
# installed: an exact version, as the lock pins the Python packages
AXE_VERSION := 4.14.1
AXE := .cache/node/node_modules/axe-core/axe.min.js
$(AXE):
	if command -v npm >/dev/null 2>&1; then npm install --silent --no-audit --no-fund --prefix .cache/node axe-core@$(AXE_VERSION); fi

demo: $(VENV)/.runtime
	$(VENV)/bin/boardpaper build

test: $(VENV)/.test $(AXE)
	$(PY) -m pytest -q

bench: $(VENV)/.test
	$(PY) benchmarks/bench.py
	$(PY) benchmarks/serve.py

picture: $(VENV)/.test
	$(PY) scripts/make_picture.py

reference: $(VENV)/.test
	$(PY) scripts/make_reference_docx.py layouts/spcb.toml

sample: $(VENV)/.test
	$(PY) scripts/make_sample.py

dist: $(VENV)/.test
	$(PY) -m build --outdir dist

clean:
	rm -rf $(VENV) dist out/*.docx out/*.pdf out/*.html
