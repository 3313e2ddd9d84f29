"""The SQLite schema the migrations build, as they build it: a new database in one step.

Running the migrations on a new SQLite file means importing Alembic (~0.15 s)
and some twenty DDL steps, SQLite rebuilding tables for each batch change.
A brand-new file instead gets these statements, the text of ``sqlite_master``
after the migrations ran up to :data:`HEAD` (in creation order), plus
Alembic's version row. A test builds one database each way and requires the
same ``sqlite_master`` and version, so a new migration fails it until this
list is regenerated (the test's message holds the new one).
"""

from __future__ import annotations

HEAD = "0004"
"""The newest migration's revision (a test checks it against the migrations)."""

STATEMENTS: tuple[str, ...] = (
    (
        "CREATE TABLE alembic_version (\n"
        "\tversion_num VARCHAR(32) NOT NULL, \n"
        "\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n"
        ")"
    ),
    (
        "CREATE TABLE maps (\n"
        "\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n"
        "\tname VARCHAR(200) NOT NULL, \n"
        "\tversion INTEGER DEFAULT '1' NOT NULL, \n"
        "\tcreated_at DATETIME NOT NULL, \n"
        "\tupdated_at DATETIME NOT NULL, \n"
        "\tUNIQUE (name)\n"
        ")"
    ),
    (
        "CREATE TABLE units (\n"
        "\tmap_id INTEGER NOT NULL, \n"
        "\tid VARCHAR NOT NULL, \n"
        "\tname TEXT NOT NULL, \n"
        "\tsector TEXT DEFAULT '' NOT NULL, \n"
        "\tparent_id VARCHAR, \n"
        "\tleader TEXT DEFAULT '' NOT NULL, \n"
        "\tstaff_count INTEGER, \n"
        "\texternal BOOLEAN DEFAULT 0 NOT NULL, \n"
        "\tdescription TEXT DEFAULT '' NOT NULL, \n"
        "\tversion INTEGER DEFAULT '1' NOT NULL, \n"
        "\tposition INTEGER DEFAULT '0' NOT NULL, "
        "leader_count INTEGER, "
        "level VARCHAR(20), "
        "parallel_set TEXT DEFAULT '' NOT NULL, "
        "\n"
        "\tPRIMARY KEY (map_id, id), \n"
        "\tFOREIGN KEY(map_id) REFERENCES maps (id) ON DELETE CASCADE\n"
        ")"
    ),
    "CREATE INDEX ix_units_parent ON units (map_id, parent_id)",
    (
        "CREATE TABLE citizen_groups (\n"
        "\tmap_id INTEGER NOT NULL, \n"
        "\tid VARCHAR NOT NULL, \n"
        "\tname TEXT NOT NULL, \n"
        "\tdescription TEXT DEFAULT '' NOT NULL, \n"
        "\tlead_unit_id VARCHAR, \n"
        "\test_size INTEGER, \n"
        "\tversion INTEGER DEFAULT '1' NOT NULL, \n"
        "\tposition INTEGER DEFAULT '0' NOT NULL, \n"
        "\tPRIMARY KEY (map_id, id), \n"
        "\tFOREIGN KEY(map_id) REFERENCES maps (id) ON DELETE CASCADE\n"
        ")"
    ),
    (
        "CREATE TABLE services (\n"
        "\tmap_id INTEGER NOT NULL, \n"
        "\tunit_id VARCHAR NOT NULL, \n"
        "\tgroup_id VARCHAR NOT NULL, \n"
        "\tgoal TEXT DEFAULT '' NOT NULL, \n"
        "\tparadigm TEXT DEFAULT '' NOT NULL, \n"
        "\tversion INTEGER DEFAULT '1' NOT NULL, \n"
        "\tposition INTEGER DEFAULT '0' NOT NULL, \n"
        "\tPRIMARY KEY (map_id, unit_id, group_id), \n"
        "\tFOREIGN KEY(map_id) REFERENCES maps (id) ON DELETE CASCADE\n"
        ")"
    ),
    "CREATE INDEX ix_services_group ON services (map_id, group_id)",
    (
        "CREATE TABLE principles (\n"
        "\tmap_id INTEGER NOT NULL, \n"
        "\tid VARCHAR NOT NULL, \n"
        "\tname TEXT NOT NULL, \n"
        "\tkind VARCHAR(20) NOT NULL, \n"
        "\tdescription TEXT DEFAULT '' NOT NULL, \n"
        "\towner_unit_id VARCHAR, \n"
        "\tfunding_unit_id VARCHAR, \n"
        "\tstatus VARCHAR(20) DEFAULT 'draft' NOT NULL, \n"
        "\tagreed_on DATE, \n"
        "\treview_by DATE, \n"
        "\tversion INTEGER DEFAULT '1' NOT NULL, \n"
        "\tposition INTEGER DEFAULT '0' NOT NULL, \n"
        "\tPRIMARY KEY (map_id, id), \n"
        "\tFOREIGN KEY(map_id) REFERENCES maps (id) ON DELETE CASCADE\n"
        ")"
    ),
    (
        "CREATE TABLE principle_groups (\n"
        "\tmap_id INTEGER NOT NULL, \n"
        "\tprinciple_id VARCHAR NOT NULL, \n"
        "\tposition INTEGER NOT NULL, \n"
        "\tgroup_id VARCHAR NOT NULL, \n"
        "\tPRIMARY KEY (map_id, principle_id, position), \n"
        "\tFOREIGN KEY(map_id, "
        "principle_id) REFERENCES principles (map_id, "
        "id) ON DELETE CASCADE\n"
        ")"
    ),
    "CREATE INDEX ix_principle_groups_group ON principle_groups (map_id, group_id)",
    (
        "CREATE TABLE adoptions (\n"
        "\tmap_id INTEGER NOT NULL, \n"
        "\tprinciple_id VARCHAR NOT NULL, \n"
        "\tunit_id VARCHAR NOT NULL, \n"
        "\tversion INTEGER DEFAULT '1' NOT NULL, \n"
        "\tposition INTEGER DEFAULT '0' NOT NULL, \n"
        "\tPRIMARY KEY (map_id, principle_id, unit_id), \n"
        "\tFOREIGN KEY(map_id) REFERENCES maps (id) ON DELETE CASCADE\n"
        ")"
    ),
    "CREATE INDEX ix_adoptions_unit ON adoptions (map_id, unit_id)",
    (
        "CREATE TABLE relations (\n"
        "\tmap_id INTEGER NOT NULL, \n"
        "\tunit_a VARCHAR NOT NULL, \n"
        "\tunit_b VARCHAR NOT NULL, \n"
        "\trc_score FLOAT, \n"
        "\tnote TEXT DEFAULT '' NOT NULL, \n"
        "\tversion INTEGER DEFAULT '1' NOT NULL, \n"
        "\tposition INTEGER DEFAULT '0' NOT NULL, \n"
        "\tPRIMARY KEY (map_id, unit_a, unit_b), \n"
        "\tFOREIGN KEY(map_id) REFERENCES maps (id) ON DELETE CASCADE\n"
        ")"
    ),
    "CREATE INDEX ix_relations_b ON relations (map_id, unit_b)",
    (
        "CREATE TABLE map_settings (\n"
        "\tmap_id INTEGER NOT NULL, \n"
        '\t"key" VARCHAR(100) NOT NULL, \n'
        "\tvalue JSON, \n"
        "\tversion INTEGER DEFAULT '1' NOT NULL, \n"
        '\tPRIMARY KEY (map_id, "key"), \n'
        "\tFOREIGN KEY(map_id) REFERENCES maps (id) ON DELETE CASCADE\n"
        ")"
    ),
    (
        "CREATE TABLE changes (\n"
        "\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n"
        "\tmap_id INTEGER NOT NULL, \n"
        "\tmap_version INTEGER NOT NULL, \n"
        "\tat DATETIME NOT NULL, \n"
        "\tauthor TEXT DEFAULT '' NOT NULL, \n"
        "\ttable_name VARCHAR(40) NOT NULL, \n"
        '\t"key" JSON NOT NULL, \n'
        "\taction VARCHAR(10) NOT NULL, \n"
        '\t"before" JSON, \n'
        '\t"after" JSON, \n'
        "\tversion INTEGER\n"
        ", snapshot BLOB)"
    ),
    "CREATE INDEX ix_changes_map_at ON changes (map_id, at)",
    (
        "CREATE TABLE decisions (\n"
        "\tmap_id INTEGER NOT NULL, \n"
        "\tfinding_id VARCHAR NOT NULL, \n"
        "\tstatus VARCHAR(20) NOT NULL, \n"
        "\towner_unit_id VARCHAR, \n"
        "\tdue DATE, \n"
        "\tdecided_on DATE, \n"
        "\tdecided_by TEXT DEFAULT '' NOT NULL, \n"
        "\tnote TEXT DEFAULT '' NOT NULL, \n"
        "\tversion INTEGER DEFAULT '1' NOT NULL, \n"
        "\tposition INTEGER DEFAULT '0' NOT NULL, \n"
        "\tPRIMARY KEY (map_id, finding_id), \n"
        "\tFOREIGN KEY(map_id) REFERENCES maps (id) ON DELETE CASCADE\n"
        ")"
    ),
    (
        "CREATE TABLE map_members (\n"
        "\tmap_id INTEGER NOT NULL, \n"
        "\tprincipal VARCHAR(320) NOT NULL, \n"
        "\trole VARCHAR(20) NOT NULL, \n"
        "\tadded_at DATETIME NOT NULL, \n"
        "\tadded_by TEXT DEFAULT '' NOT NULL, \n"
        "\tPRIMARY KEY (map_id, principal), \n"
        "\tFOREIGN KEY(map_id) REFERENCES maps (id) ON DELETE CASCADE\n"
        ")"
    ),
)
