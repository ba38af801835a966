"""Where a host is defined in the repository: the SARIF physical location."""

from __future__ import annotations

import pytest

from ansible_collections.hardened.docker.plugins.plugin_utils import _report_sources as sources

INI = """# web1 in a comment
[all:vars]
web1 = not a host
[web]
web10
web1 ansible_host=192.0.2.1
[web:children]
web1
"""

YAML = """---
all:
  vars:
    proxy: web1
  children:
    web:
      hosts:
        web10:
        'web1':
          ansible_host: 192.0.2.1
"""


@pytest.fixture
def repo(tmp_path):
    (tmp_path / ".git").write_text("gitdir: /elsewhere/.git/worktrees/x\n", encoding="utf-8")  # a worktree
    (tmp_path / "inv").mkdir()
    return tmp_path


def vars_for(path):
    return {"inventory_dir": str(path.parent), "inventory_file": str(path)}


@pytest.mark.parametrize(("name", "text", "line"), [("hosts.ini", INI, 6), ("hosts.yml", YAML, 9), ("hosts", YAML, 9)])
def test_the_line_that_defines_the_host(repo, name, text, line):
    path = repo / "inv" / name
    path.write_text(text, encoding="utf-8")
    assert sources.defining_line("web1", str(path)) == line
    source = sources.host_source("web1", vars_for(path), str(repo))
    assert source == {"uri": f"inv/{name}", "line": line, "defined_in": "inventory"}


def test_a_host_the_file_does_not_name_is_at_line_1(repo):
    # e.g. a host range web[01:20] or an inventory plugin's config
    path = repo / "inv" / "hosts.ini"
    path.write_text("[web]\nweb[01:20]\n", encoding="utf-8")
    assert sources.host_source("web05", vars_for(path), str(repo))["line"] == 1


@pytest.mark.parametrize("layout", ["web1.yml", "web1.yaml", "web1.json", "web1", "web1/10-main.yml"])
def test_host_vars_file_wins(repo, layout):
    inventory = repo / "inv" / "hosts.ini"
    inventory.write_text(INI, encoding="utf-8")
    target = repo / "inv" / "host_vars" / layout
    target.parent.mkdir(parents=True)
    target.write_text("---\n", encoding="utf-8")
    if "/" in layout:
        (target.parent / "20-more.yml").write_text("---\n", encoding="utf-8")
        (target.parent / ".01-editor.swp").write_text("", encoding="utf-8")
    source = sources.host_source("web1", vars_for(inventory), str(repo))
    assert source == {"uri": f"inv/host_vars/{layout}", "line": 1, "defined_in": "host_vars"}


def test_empty_host_vars_directory_falls_back_to_the_inventory(repo):
    inventory = repo / "inv" / "hosts.ini"
    inventory.write_text(INI, encoding="utf-8")
    (repo / "inv" / "host_vars" / "web1").mkdir(parents=True)
    assert sources.host_source("web1", vars_for(inventory), str(repo))["defined_in"] == "inventory"


def test_repository_root(repo, tmp_path):
    deep = repo / "inv" / "prod"
    deep.mkdir()
    assert sources.repository_root(None, str(deep), "/somewhere") == str(repo)
    assert sources.repository_root(str(deep), str(deep), "/somewhere") == str(deep)  # the option wins
    outside = tmp_path.parent / f"{tmp_path.name}-nogit"
    outside.mkdir()
    # no git above (the tmp directory is not in a repository): the playbook directory
    if sources.git_toplevel(str(outside)) is None:
        assert sources.repository_root(None, str(outside), "/play") == "/play"
    assert sources.repository_root(None, None, None) is None


def test_outside_the_root_unknown_or_no_inventory_gets_a_stable_placeholder(repo, tmp_path):
    inventory = repo / "inv" / "hosts.ini"
    inventory.write_text(INI, encoding="utf-8")
    fallback = {"uri": "ansible-inventory/web1", "line": 1, "defined_in": "none"}
    assert sources.host_source("web1", vars_for(inventory), str(repo / "other")) == fallback
    assert sources.host_source("web1", vars_for(inventory), None) == fallback
    assert sources.host_source("web1", {"inventory_dir": None, "inventory_file": None}, str(repo)) == fallback
    missing = {"inventory_dir": str(repo / "gone"), "inventory_file": str(repo / "gone" / "hosts")}
    assert sources.host_source("web1", missing, str(repo)) == fallback
    assert sources.fallback("db 1/ü")["uri"] == "ansible-inventory/db%201%2F%C3%BC"


def test_uris_are_percent_encoded_posix_paths(repo):
    inventory = repo / "my inv" / "hosts.ini"
    inventory.parent.mkdir()
    inventory.write_text("web1\n", encoding="utf-8")
    assert sources.host_source("web1", vars_for(inventory), str(repo))["uri"] == "my%20inv/hosts.ini"


def test_host_sources_reads_only_the_inventory_variables(repo):
    inventory = repo / "inv" / "hosts.ini"
    inventory.write_text(INI, encoding="utf-8")

    class HostVars(dict):
        """Like Ansible's HostVars: reading a variable templates it, so only these two may be read."""

        def __getitem__(self, host):
            own = dict.__getitem__(self, host)

            class Vars:
                def __getitem__(self, key):
                    assert key in ("inventory_dir", "inventory_file"), key
                    return own[key]

            return Vars()

    hostvars = HostVars(web1=vars_for(inventory))
    found = sources.host_sources(["web1", "ghost"], hostvars, None, None)
    assert found["web1"] == {"uri": "inv/hosts.ini", "line": 6, "defined_in": "inventory"}
    assert found["ghost"]["defined_in"] == "none"
    assert sources.host_sources(["web1"], None, None, None)["web1"]["defined_in"] == "none"
