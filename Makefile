# hardened.docker: one entry point for setup, lint, tests, the lab and the demo.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
PYTHON ?= python3
COLLECTION_LINK := $(CURDIR)/.collections/ansible_collections/hardened/docker
SCENARIOS ?= $(shell bin/scenarios.sh)

export PATH := $(BIN):$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/.collections
export ANSIBLE_FORCE_COLOR ?= false
export PY_COLORS ?= 0
export ANSIBLE_NOCOLOR ?= true

.PHONY: help setup venv tools images lint yamllint ansible-lint ruff sanity unit molecule test \
        lab-up lab-down demo demo-clean build changelog readme

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

setup: venv tools images ## venv, test tools and lab images (all cached)

tools: ## Debian packages the tests need (shellcheck, chromium)
	@bin/ensure-test-tools.sh

venv: $(VENV)/.stamp $(COLLECTION_LINK) ## project-local virtualenv with the pinned tooling

$(VENV)/.stamp: requirements.txt
	@bin/check-python.sh $(PYTHON)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "setup: installing pinned tooling into .venv (about a minute on a fresh machine)"
	@$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt > $(VENV)/pip.log 2>&1 \
	  || { echo "setup: ERROR: pip install failed, see .venv/pip.log: $$(tail -n 1 $(VENV)/pip.log)"; exit 1; }
	@touch $@

$(COLLECTION_LINK):
	@mkdir -p $(dir $@)
	@ln -sfn $(CURDIR) $@

images: ## build (or reuse) the Debian 12/13 test-host images
	@lab/images.sh >/dev/null

yamllint: venv
	yamllint -s .

ansible-lint: venv
	ansible-lint --offline

ruff: venv
	ruff check plugins tests bench lab bin molecule
	ruff format --check plugins tests bench lab bin molecule

sanity: venv tools ## ansible-test sanity from a copy laid out as ansible_collections/hardened/docker
	@bin/sanity.sh

lint: yamllint ansible-lint ruff sanity ## all linters

unit: venv tools ## unit tests
	bin/pytest-run.sh tests/unit

molecule: venv images ## every molecule scenario, MOLECULE_JOBS=2 at a time (SCENARIOS="a b" for a subset)
	@bin/molecule-run.sh $(SCENARIOS)

test: lint unit molecule ## lint + unit + molecule (what CI runs)

lab-up: venv images ## start the local lab (LAB_HOSTS=3) and write lab/inventory.ini
	@lab/lab.sh up

lab-down: ## remove every lab container, volume and network
	@lab/lab.sh down

demo: venv images ## set up, start the lab, audit -> harden -> audit, print the comparison
	@bin/demo.sh

demo-clean: lab-down ## remove the lab and the demo's reports
	rm -rf reports/demo

build: venv ## build the collection tarball
	ansible-galaxy collection build --force

readme: venv ## regenerate the generated docs (README coverage table, role variables, docs/verdicts.md)
	$(BIN)/python bin/coverage_table.py --write
	$(BIN)/python bin/role_docs.py --write
	$(BIN)/python bin/verdicts_doc.py --write

changelog: venv ## lint the changelog fragments (a release renders CHANGELOG.rst: antsibull-changelog release)
	antsibull-changelog lint
