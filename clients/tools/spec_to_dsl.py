#!/usr/bin/env python3
"""Drafts a Gregor message class (typed field handles, SchemaDsl declarations) from a Kafka message
spec JSON file: facts only (names, types, versions, tags, defaults). Usage:

    clients/tools/spec_to_dsl.py path/to/kafka/clients/src/main/resources/common/message/ProduceRequest.json ...

Prints, per spec, the Java source of io.gregor.clients.protocol.schemas.<Name> to save as
<Name>.java. Every field gets `.about("TODO ...")`: replace it with a short note in your own words
(what the field means, in which version it appeared or changed); SchemaNotesTest fails while one
is left. Register the message in its family file's all(). The draft must pass KafkaCrossCheckTest,
which is the referee.
"""
import json
import re
import sys

PRIMS = {"bool": ("BOOL", "Boolean"), "int8": ("INT8", "Byte"), "int16": ("INT16", "Short"),
         "uint16": ("UINT16", "Integer"), "int32": ("INT32", "Integer"), "uint32": ("UINT32", "Long"),
         "int64": ("INT64", "Long"), "float64": ("FLOAT64", "Double"), "string": ("STRING", "String"),
         "bytes": ("BYTES", "ByteBuffer"), "records": ("RECORDS", "Records"), "uuid": ("UUID", "UUID")}
IMPORTS = {"ByteBuffer": "java.nio.ByteBuffer", "Records": "io.gregor.clients.record.Records",
           "UUID": "java.util.UUID"}


def load(path):
    text = re.sub(r"^\s*//.*$", "", open(path).read(), flags=re.M)
    return json.loads(text)


def const(name):
    name = name.replace("KRaft", "Kraft")
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return re.sub(r"([A-Z])([A-Z][a-z])", r"\1_\2", name).upper()


def default_literal(field, prim):
    d = field["default"]
    if isinstance(d, bool):
        d = "true" if d else "false"
    d = str(d)
    if d == "null":
        return "null"
    if prim in ("BOOL",):
        return d
    if prim == "STRING":
        return json.dumps(d)
    if prim in ("INT64", "UINT32"):
        return str(int(d, 0)) + "L"
    if prim == "FLOAT64":
        return d + "d"
    return str(int(d, 0))


def wrap(line, cont):
    if len(line) <= 120:
        return line
    cut = line.rfind(", ", 0, 118)
    if cut < 0:
        return line
    return line[:cut + 1] + "\n" + wrap(cont + line[cut + 2:], cont)


class Message:
    def __init__(self, spec):
        self.spec = spec
        self.imports = {"io.gregor.clients.protocol.Field", "io.gregor.clients.protocol.MessageSpec"}
        self.common = {c["name"]: c["fields"] for c in spec.get("commonStructs", [])}
        self.inline = {}
        self._collect(spec["fields"])

    def _collect(self, fields):
        for f in fields:
            if "fields" in f:
                self.inline.setdefault(f["type"].lstrip("[]"), f["fields"])
                self._collect(f["fields"])

    def struct_class(self, f):
        """The class a struct field's element type lives in: a common struct by its type name, else by the field name."""
        t = f["type"].lstrip("[]")
        return t if t in self.common or "fields" not in f else f["name"]

    def java_type(self, t):
        if t.startswith("[]"):
            self.imports.add("java.util.List")
            return "List<" + self.java_type(t[2:]) + ">"
        if t in PRIMS:
            boxed = PRIMS[t][1]
            if boxed in IMPORTS:
                self.imports.add(IMPORTS[boxed])
            return boxed
        self.imports.add("io.gregor.clients.protocol.Struct")
        return "Struct"

    def declaration(self, f, visible, indent):
        t, v, name = f["type"], f["versions"], f["name"]
        elem = t[2:] if t.startswith("[]") else t
        if elem in PRIMS:
            wire = PRIMS[elem][0]
            wire = "SchemaDsl." + wire if wire in visible else wire
            if wire.startswith("SchemaDsl."):
                self.imports.add("io.gregor.clients.protocol.SchemaDsl")
            out = f'field("{name}", {"arrayOf(" + wire + ")" if t.startswith("[]") else wire}, "{v}")'
        else:
            kind = "array" if t.startswith("[]") else "struct"
            out = f'{kind}("{name}", "{v}", {self.struct_class(f)}.SCHEMA)'
        if f.get("nullableVersions"):
            out += f'.nullable("{f["nullableVersions"]}")'
        if "tag" in f:
            out += f'.tagged({f["tag"]}, "{f.get("taggedVersions", v)}")'
        if "default" in f:
            prim = PRIMS.get(t, ("",))[0]
            lit = default_literal(f, prim)
            natural = {"BOOL": "false", "STRING": '""'}.get(prim, "0")
            if lit not in (natural, natural + "L") and not (prim == "RECORDS" and lit == "null"):
                out += f".withDefault({lit})"
        if "flexibleVersions" in f:
            out += f'.flexible("{f["flexibleVersions"]}")'
        out += f'\n{indent}        .about("TODO {name}: what it means, since which version")'
        line = f"{indent}public static final Field<{self.java_type(t)}> {const(name)} = {out};"
        return line

    def struct_body(self, type_name, fields, indent, nested_in_scope, visible):
        visible = visible | {const(f["name"]) for f in fields}
        lines = [self.declaration(f, visible, indent) for f in fields]
        consts = ", ".join(const(f["name"]) for f in fields)
        lines.append(wrap(f'{indent}public static final Schema SCHEMA = structType("{type_name}", {consts});',
                          indent + "        "))
        self.imports.add("io.gregor.clients.protocol.Schema")
        return lines + self.nested(fields, indent, visible)

    def nested(self, fields, indent, visible):
        lines = []
        for f in fields:
            if "fields" in f and f["type"].lstrip("[]") not in self.common:
                cls = f["name"]
                lines += ["", f"{indent}/** TODO: what one {cls} holds. */", f"{indent}public static final class {cls} {{"]
                lines += self.struct_body(cls, f["fields"], indent + "    ", (), visible)
                lines += ["", f"{indent}    private {cls}() {{", f"{indent}    }}", f"{indent}}}"]
        return lines

    def render(self):
        s = self.spec
        name, indent = s["name"], "    "
        top = {const(f["name"]) for f in s["fields"]}
        body = [self.declaration(f, top, indent) for f in s["fields"]]
        consts = ", ".join(const(f["name"]) for f in s["fields"])
        flex = s.get("flexibleVersions", "none")
        body += ["", wrap(f'{indent}public static final MessageSpec SPEC = {s["type"]}({s["apiKey"]}, "{name}", '
                          f'"{s["validVersions"]}", "{flex}",', indent + "        "),
                 wrap(f"{indent}        {consts});", indent + "        "),
                 "", f"{indent}private {name}() {{", f"{indent}}}"]
        for cname, cfields in self.common.items():
            body += ["", f"{indent}/** TODO: what one {cname} holds (shared by several fields). */",
                     f"{indent}public static final class {cname} {{"]
            body += self.struct_body(cname, cfields, indent + "    ", (), top)
            body += ["", f"{indent}    private {cname}() {{", f"{indent}    }}", f"{indent}}}"]
        body += self.nested(s["fields"], indent, top)
        out = ["package io.gregor.clients.protocol.schemas;", ""]
        out += [f"import {i};" for i in sorted(i for i in self.imports if not i.startswith("java."))]
        java = sorted(i for i in self.imports if i.startswith("java."))
        if java:
            out += [""] + [f"import {i};" for i in java]
        out += ["", "import static io.gregor.clients.protocol.SchemaDsl.*;", "",
                f"/** TODO: {name} (api key {s['apiKey']}): what it is for, and what each version changed. */",
                f"public final class {name} {{"] + body + ["}"]
        return "\n".join(out) + "\n"


if __name__ == "__main__":
    for p in sys.argv[1:]:
        print(Message(load(p)).render())
