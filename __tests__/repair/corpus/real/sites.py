"""Mutation sites of a Python project, found with the language's own parser (ast).

Run inside the test image: python3 sites.py ROOT FILE... prints one JSON list of sites. A site is a
place where one mechanical bug can be injected: a use of a module-level name in a function, an
attribute of `self` that the class defines, an attribute of an imported project module, a name of a
`from … import …`, the module of a relative import, or one name of a multi-name import that the file
uses. Nothing of the project is imported or run.
"""
import ast
import json
import sys


def module_defs(tree):
    out = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(node.name)
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    out.add(t.id)
    return out


def local_names(fn):
    out = {a.arg for a in fn.args.args + fn.args.kwonlyargs + fn.args.posonlyargs}
    if fn.args.vararg:
        out.add(fn.args.vararg.arg)
    if fn.args.kwarg:
        out.add(fn.args.kwarg.arg)
    for node in ast.walk(fn):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            out.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node is not fn:
            out.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            out.update(node.names)
        elif isinstance(node, ast.alias):
            out.add((node.asname or node.name).split('.')[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            out.add(node.name)
        elif isinstance(node, ast.arg):
            out.add(node.arg)
    return out


def class_members(cls):
    out = set()
    for node in cls.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(node.name)
        elif isinstance(node, ast.Assign):
            out.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out.add(node.target.id)
    for node in ast.walk(cls):
        if (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
                and isinstance(node.value, ast.Name) and node.value.id == 'self'):
            out.add(node.attr)
    return out


def used_names(tree, skip):
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} - skip


def sites_of(rel, src):
    tree = ast.parse(src)
    defs = module_defs(tree)
    out = []

    def add(kind, node, name, **kw):
        at = dict(line=node.lineno, col=node.col_offset)
        if isinstance(node, ast.Attribute):  # the attribute's own position: its last characters
            at = dict(line=node.end_lineno, col=node.end_col_offset - len(name))
        out.append(dict(kind=kind, file=rel, name=name, **at, **kw))

    imported_modules = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level >= 1:
            for a in node.names:
                if a.asname is None and a.name != '*':
                    imported_modules[a.name] = node
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module is not None and len(node.names) >= 1:
            names = [a for a in node.names if a.asname is None and a.name != '*']
            if node.end_lineno != node.lineno:
                continue
            for a in names:
                if a.name in used_names(tree, set()):
                    add('import-name', node, a.name, module=node.module, level=node.level)
                    if len(node.names) >= 2:
                        add('drop-import-name', node, a.name, module=node.module, level=node.level)
            if node.level >= 1:
                add('relative-module', node, node.module.split('.')[-1], module=node.module, level=node.level)
    for node in tree.body:
        if (isinstance(node, ast.Import) and len(node.names) == 1 and node.names[0].asname is None
                and '.' not in node.names[0].name and node.names[0].name in used_names(tree, set())):
            add('drop-import', node, node.names[0].name)
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        local = local_names(fn)
        for node in ast.walk(fn):
            if (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
                    and node.id in defs and node.id not in local):
                add('name', node, node.id)
    for cls in ast.walk(tree):
        if not isinstance(cls, ast.ClassDef):
            continue
        members = class_members(cls)
        for node in ast.walk(cls):
            if (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load)
                    and isinstance(node.value, ast.Name) and node.value.id == 'self'
                    and node.attr in members and not node.attr.startswith('__')):
                add('self-attr', node, node.attr)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load)
                and isinstance(node.value, ast.Name) and node.value.id in imported_modules
                and node.lineno == node.end_lineno):
            add('module-attr', node, node.attr, module=node.value.id)
    return out


def main():
    root, files = sys.argv[1], sys.argv[2:]
    out = []
    for rel in files:
        with open(f'{root}/{rel}', encoding='utf-8') as f:
            src = f.read()
        for s in sites_of(rel, src):
            # the `col` of a site is a character offset in its line
            line = src.split('\n')[s['line'] - 1]
            s['col'] = len(line.encode('utf-8')[: s['col']].decode('utf-8', 'replace'))
            out.append(s)
    print(json.dumps(out))


main()
