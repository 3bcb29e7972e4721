# natokg — the two commands: `make serve` and `make test`. Each installs what it needs first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
# Debian packages. To build: a Java runtime for HermiT (shipped with owlready2). To test, also: a
# JDK, the OWL API 5, Apache Jena 4.5 and HermiT's two libraries for the tests' own checkers
# (tests/checkers, compiled at test time), and Chromium for the browser tests.
BUILD_PACKAGES := default-jre-headless
TEST_PACKAGES  := default-jdk-headless libowlapi-java libapache-jena-java libtrove3-java \
	libautomaton-java chromium

# $(call apt_install,PACKAGES): install those of PACKAGES that are missing.
define apt_install
	@missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

.PHONY: install build-deps system-deps serve build test lint bench eval-draft lock clean

$(STAMP): requirements.lock pyproject.toml package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

install: $(STAMP)

build-deps:
	$(call apt_install,$(BUILD_PACKAGES))

system-deps:
	$(call apt_install,$(BUILD_PACKAGES) $(TEST_PACKAGES))

# Rebuild when the ontology, the data or the checks changed since the last build; if that build
# fails, `natokg serve` serves the previous release (a failed build never replaces it).
SOURCES := $(shell find ontology data queries/checks -type f \( -name '*.ttl' -o -name '*.rq' -o -name '*.xml' -o -name '*.txt' \) 2>/dev/null)

releases/.built: $(STAMP) $(SOURCES) | build-deps
	@mkdir -p releases
	@$(BIN)/natokg build && touch $@ || echo "natokg: the build failed (see above); serving the last good release, if any"

serve: install releases/.built
	$(BIN)/natokg serve

build: install build-deps
	$(BIN)/natokg build && touch releases/.built

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install system-deps lint
	$(BIN)/pytest

bench: install
	$(BIN)/python -m bench

# `natokg draft` measured leave-one-out against the five curated pages (README: Drafting new pages).
eval-draft: install
	$(BIN)/python -m natokg.draft.evaluation

# Regenerate requirements.lock from pyproject.toml (pinned, with hashes).
lock:
	$(BIN)/pip-compile --quiet --allow-unsafe --generate-hashes --extra test \
	  --no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml
	# pip's hash-checking mode trips on an extra in the lockfile (lxml[html-clean], from justext);
	# lxml-html-clean is pinned on its own line, so the extra is dropped
	sed -i 's/^lxml\[html-clean\]==/lxml==/' requirements.lock

clean:
	rm -rf $(VENV) node_modules releases build
