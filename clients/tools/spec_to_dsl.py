#!/usr/bin/env python3
"""Drafts Gregor SchemaDsl declarations from Kafka message spec JSON files (facts only: names,
types, versions, tags, defaults). Usage:

    clients/tools/spec_to_dsl.py /tmp/kafka-spec/common/message/ProduceRequest.json ...

Prints Java field declarations to paste into a schemas/*Schemas.java family file. The draft must
still pass the Kafka cross-check test (KafkaCrossCheckTest), which is the referee.
"""
import json
import re
import sys

PRIMS = {"bool": "BOOL", "int8": "INT8", "int16": "INT16", "uint16": "UINT16", "int32": "INT32",
         "uint32": "UINT32", "int64": "INT64", "float64": "FLOAT64", "string": "STRING",
         "bytes": "BYTES", "records": "RECORDS", "uuid": "UUID"}


def load(path):
    text = re.sub(r"^\s*//.*$", "", open(path).read(), flags=re.M)
    return json.loads(text)


def const(name):
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()


def default_literal(field, prim):
    d = field["default"]
    if isinstance(d, bool):
        d = "true" if d else "false"
    d = str(d)
    if d == "null":
        return "null"
    if prim == "BOOL":
        return d
    if prim == "STRING":
        return json.dumps(d)
    if prim in ("INT64",):
        return str(int(d, 0)) + "L"
    if prim in ("FLOAT64",):
        return d + "d"
    return str(int(d, 0))


class Message:
    def __init__(self, spec):
        self.spec = spec
        self.prefix = const(spec["name"])
        self.common = {}      # type name -> constant name
        self.inline = {}      # type name -> fields
        self.hoist = []       # (constant, typeName, fields) in declaration order
        for cs in spec.get("commonStructs", []):
            self.hoist.append((self.prefix + "_" + const(cs["name"]), cs["name"], cs["fields"]))
            self.common[cs["name"]] = self.prefix + "_" + const(cs["name"])
        self._collect(spec["fields"])
        self._hoist_referenced(spec["fields"])
        for cs in spec.get("commonStructs", []):
            self._hoist_referenced(cs["fields"])

    def _collect(self, fields):
        for f in fields:
            if "fields" in f:
                self.inline.setdefault(f["type"].lstrip("[]"), f["fields"])
                self._collect(f["fields"])

    def _hoist_referenced(self, fields):
        for f in fields:
            t = f["type"].lstrip("[]")
            if t not in PRIMS and "fields" not in f and t not in self.common:
                c = self.prefix + "_" + const(t)
                self.common[t] = c
                self.hoist.append((c, t, self.inline[t]))
            if "fields" in f:
                self._hoist_referenced(f["fields"])

    def field(self, f, indent):
        t = f["type"]
        v = f["versions"]
        name = f["name"]
        pad = " " * indent
        if t.startswith("[]"):
            elem = t[2:]
            if elem in PRIMS:
                out = f'field("{name}", arrayOf({PRIMS[elem]}), "{v}")'
            elif "fields" in f and elem not in self.common:
                inner = (",\n").join(self.field(x, indent + 8) for x in f["fields"])
                out = f'array("{name}", "{v}",\n{inner})' if f["fields"] else f'array("{name}", "{v}")'
            else:
                out = f'field("{name}", arrayOf({self.common[elem]}), "{v}")'
        elif t in PRIMS:
            out = f'field("{name}", {PRIMS[t]}, "{v}")'
        elif "fields" in f and t not in self.common:
            inner = (",\n").join(self.field(x, indent + 8) for x in f["fields"])
            out = f'struct("{name}", "{v}",\n{inner})'
        else:
            out = f'field("{name}", structOf({self.common[t]}), "{v}")'
        if f.get("nullableVersions"):
            out += f'.nullable("{f["nullableVersions"]}")'
        if "tag" in f:
            out += f'.tagged({f["tag"]}, "{f.get("taggedVersions", v)}")'
        if "default" in f:
            lit = default_literal(f, PRIMS.get(t))
            natural = {"BOOL": "false", "STRING": '""'}.get(PRIMS.get(t), "0")
            if lit not in (natural, natural + "L") and not (PRIMS.get(t) == "RECORDS" and lit == "null"):
                out += f".withDefault({lit})"
        if "flexibleVersions" in f:
            out += f'.flexible("{f["flexibleVersions"]}")'
        return pad + out

    def render(self):
        s = self.spec
        lines = []
        for c, tname, fields in self.hoist:
            inner = (",\n").join(self.field(x, 12) for x in fields)
            lines.append(f'    private static final Schema {c} = commonStruct("{tname}",\n{inner});\n')
        kind = s["type"]
        flex = s.get("flexibleVersions", "none")
        inner = (",\n").join(self.field(x, 12) for x in s["fields"])
        sep = ",\n" if inner else ""
        lines.append(f'    public static final MessageSpec {self.prefix} = {kind}({s["apiKey"]}, "{s["name"]}", '
                     f'"{s["validVersions"]}", "{flex}"{sep}{inner});\n')
        return "\n".join(lines)


if __name__ == "__main__":
    for p in sys.argv[1:]:
        print(Message(load(p)).render())
