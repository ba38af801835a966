# hardened.docker: one entry point for setup, lint, tests, the lab and the demo.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
# The dev venv runs on the Python of the newest line of bin/core-matrix.txt:
# ansible-core 2.20 and later need Python 3.12+ on the controller.
DEV_PYTHON := $(lastword $(shell grep -vE '^\s*(\#|$$)' bin/core-matrix.txt))
PYTHON ?= $(shell bin/find-python.sh $(DEV_PYTHON) 2>/dev/null || echo python$(DEV_PYTHON))
COLLECTION_LINK := $(CURDIR)/.collections/ansible_collections/hardened/docker
SCENARIOS ?= $(shell bin/scenarios.sh)

export PATH := $(BIN):$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/.collections
export ANSIBLE_FORCE_COLOR ?= false
export PY_COLORS ?= 0
export ANSIBLE_NOCOLOR ?= true

.PHONY: help setup venv tools images lint yamllint ansible-lint ruff sanity unit matrix older-cores molecule test \
        lab-up lab-down demo demo-clean build ee ee-collection ee-context changelog readme

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

setup: venv tools images ## venv, test tools and lab images (all cached)

tools: ## Debian packages the tests need (shellcheck, chromium)
	@bin/ensure-test-tools.sh

venv: $(VENV)/.stamp $(COLLECTION_LINK) ## project-local virtualenv with the pinned tooling

$(VENV)/.stamp: requirements.txt
	@bin/check-python.sh $(PYTHON) $(DEV_PYTHON)
	@# A venv left by an older Python (before the move to ansible-core 2.21) is made anew.
	@$(BIN)/python -c 'import sys; sys.exit("%d.%d" % sys.version_info[:2] != "$(DEV_PYTHON)")' 2>/dev/null \
	  || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	@echo "setup: installing pinned tooling into .venv (about a minute on a fresh machine)"
	@$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt > $(VENV)/pip.log 2>&1 \
	  || { echo "setup: ERROR: pip install failed, see .venv/pip.log: $$(tail -n 1 $(VENV)/pip.log)"; exit 1; }
	@touch $@

$(COLLECTION_LINK):
	@mkdir -p $(dir $@)
	@ln -sfn $(CURDIR) $@

images: ## build (or reuse) the Debian 12, 13 and sid test-host images
	@lab/images.sh >/dev/null

yamllint: venv
	yamllint -s .

ansible-lint: venv
	ansible-lint --offline

ruff: venv
	ruff check plugins tests bench lab bin molecule
	ruff format --check plugins tests bench lab bin molecule

sanity: tools ## ansible-test sanity on the newest ansible-core (ANSIBLE_CORE=2.19 bin/sanity.sh for another)
	@bin/sanity.sh

lint: yamllint ansible-lint ruff sanity ## all linters

unit: venv tools ## unit tests
	bin/pytest-run.sh tests/unit

matrix: venv tools ## sanity + unit tests on every ansible-core in bin/core-matrix.txt (CORES="2.19 2.20" for some)
	@bin/matrix.sh $(CORES)

# What `make test` adds to lint + unit: the older lines of the matrix (lint and
# unit already cover the newest).
older-cores: venv tools
	@bin/matrix.sh $$(grep -vE '^\s*([#]|$$)' bin/core-matrix.txt | sed '$$d' | awk '{print $$1}')

molecule: venv images ## every molecule scenario, MOLECULE_JOBS=2 at a time (SCENARIOS="a b" for a subset)
	@bin/molecule-run.sh $(SCENARIOS)

test: lint unit older-cores molecule ## lint + unit + sanity/unit on the older ansible-cores + molecule (what CI runs)

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

EE_DIR := $(CURDIR)/.cache/ee
EE_TAG ?= hardened-docker-ee:latest
EE_BASE_IMAGE ?=
CONTAINER_RUNTIME ?= podman

# The collection as built from this checkout, under the name execution-environment.yml copies.
ee-collection: venv
	@mkdir -p $(EE_DIR)
	@rm -f $(EE_DIR)/hardened-docker-*.tar.gz
	@ansible-galaxy collection build --force --output-path $(EE_DIR) >/dev/null
	@mv $(EE_DIR)/hardened-docker-*.tar.gz $(EE_DIR)/hardened-docker.tar.gz

ee-context: ee-collection ## write the execution environment's build context to .cache/ee/context (no image)
	rm -rf $(EE_DIR)/context
	ansible-builder create -f execution-environment.yml -c $(EE_DIR)/context --output-filename Containerfile

ee: ee-collection ## build the execution environment image for AWX/AAP (EE_TAG=..., EE_BASE_IMAGE=..., CONTAINER_RUNTIME=docker)
	rm -rf $(EE_DIR)/context
	ansible-builder build -f execution-environment.yml -c $(EE_DIR)/context -t $(EE_TAG) \
	  --container-runtime $(CONTAINER_RUNTIME) $(if $(EE_BASE_IMAGE),--build-arg EE_BASE_IMAGE=$(EE_BASE_IMAGE))

readme: venv ## regenerate the generated docs (README coverage table, role variables, docs/verdicts.md, docs/crosswalk.md)
	$(BIN)/python bin/coverage_table.py --write
	$(BIN)/python bin/role_docs.py --write
	$(BIN)/python bin/verdicts_doc.py --write
	$(BIN)/python bin/crosswalk_doc.py --write

changelog: venv ## lint the changelog fragments (a release renders CHANGELOG.rst: antsibull-changelog release)
	antsibull-changelog lint
