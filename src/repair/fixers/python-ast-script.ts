/**
 * The script `python-ast.ts` runs in the sandbox as `python3 -I -S - <tree> <nonce>` (the script on
 * stdin). It walks the tree sorted, never through a link (lstat; files opened with O_NOFOLLOW),
 * skipping hidden, vendored and build directories, with caps on files and bytes; `ast.parse`s each
 * `.py` file (nothing imported or executed) and prints one JSON document between the nonce's
 * markers: per file its path, dotted module name (relative to its package root), syntax error,
 * docstring end, `__all__`, imports, classes (bases as dotted text, members: body bindings,
 * `self.x` assigned in methods, `__slots__`) and scopes (module, class, function, lambda,
 * comprehension) with the names each binds and where.
 */
export const PY_AST_SCRIPT = String.raw`import ast, json, os, stat, sys, warnings
if sys.version_info < (3, 8):
    sys.stdout.write('\n@@NW-PYAST-OLD-PYTHON\n')
    sys.exit(0)
warnings.simplefilter('ignore')
sys.setrecursionlimit(6000)
ROOT = sys.argv[1]
NONCE = sys.argv[2]
MAX_FILES = 4000
MAX_BYTES = 1000000
MAX_DEPTH = 40
MAX_LINES_PER_NAME = 20
MAX_OUT = 6000000
SKIP = {'node_modules', 'venv', 'env', '__pycache__', 'site-packages', 'dist-packages', 'build', 'dist'}
files = []
skipped = [0]


def walk(rel, depth):
    if depth > MAX_DEPTH:
        skipped[0] += 1
        return
    try:
        names = sorted(os.listdir(os.path.join(ROOT, rel) if rel else ROOT))
    except OSError:
        skipped[0] += 1
        return
    for name in names:
        r = rel + '/' + name if rel else name
        try:
            st = os.lstat(os.path.join(ROOT, r))
        except OSError:
            continue
        if stat.S_ISLNK(st.st_mode):
            continue
        if stat.S_ISDIR(st.st_mode):
            if name in SKIP or name.startswith('.') or name.endswith('.egg-info'):
                continue
            walk(r, depth + 1)
        elif stat.S_ISREG(st.st_mode) and name.endswith('.py'):
            if len(files) >= MAX_FILES or st.st_size > MAX_BYTES:
                skipped[0] += 1
            else:
                files.append(r)


def read(rel):
    fd = os.open(os.path.join(ROOT, rel), os.O_RDONLY | getattr(os, 'O_NOFOLLOW', 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks = []
        size = 0
        while size <= MAX_BYTES:
            b = os.read(fd, 65536)
            if not b:
                break
            chunks.append(b)
            size += len(b)
        return None if size > MAX_BYTES else b''.join(chunks)
    finally:
        os.close(fd)


def dotted(e):
    parts = []
    while isinstance(e, ast.Attribute):
        parts.append(e.attr)
        e = e.value
    if isinstance(e, ast.Name):
        parts.append(e.id)
        return '.'.join(reversed(parts))
    return None


def base_text(e):
    if isinstance(e, ast.Subscript):
        e = e.value
    return dotted(e)


COMPS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)


class Module:
    def __init__(self):
        self.scopes = []
        self.classes = []
        self.imports = []
        self.all = None
        self.all_dynamic = False

    def scope(self, kind, name, node, parent):
        s = {'kind': kind, 'name': name, 'line': getattr(node, 'lineno', 1),
             'end': getattr(node, 'end_lineno', None) or getattr(node, 'lineno', 1),
             'names': {}, '_parent': parent}
        self.scopes.append(s)
        return s

    def bind(self, sc, name, line):
        lines = sc['names'].setdefault(name, [])
        if line not in lines and len(lines) < MAX_LINES_PER_NAME:
            lines.append(line)

    def target(self, t, sc, meth, line):
        # A binding target: names bind in the scope; self.x in a method is a member of its class.
        if isinstance(t, ast.Name):
            self.bind(sc, t.id, line)
        elif isinstance(t, (ast.Tuple, ast.List)):
            for e in t.elts:
                self.target(e, sc, meth, line)
        elif isinstance(t, ast.Starred):
            self.target(t.value, sc, meth, line)
        else:
            if (isinstance(t, ast.Attribute) and meth is not None and meth[1] is not None
                    and isinstance(t.value, ast.Name) and t.value.id == meth[1]):
                meth[0]['_members'].add(t.attr)
            self.visit(t, sc, meth)

    def non_comp(self, sc):
        while sc['kind'] == 'comp' and sc['_parent'] is not None:
            sc = sc['_parent']
        return sc

    def args(self, a, sc, meth):
        for d in list(a.defaults) + [d for d in a.kw_defaults if d is not None]:
            self.visit(d, sc, meth)

    def params(self, a, fn):
        every = list(getattr(a, 'posonlyargs', [])) + list(a.args) + list(a.kwonlyargs)
        for extra in (a.vararg, a.kwarg):
            if extra is not None:
                every.append(extra)
        for p in every:
            self.bind(fn, p.arg, getattr(p, 'lineno', fn['line']))

    def visit(self, node, sc, meth):
        line = getattr(node, 'lineno', sc['line'])
        if (isinstance(node, ast.If) and sc['kind'] == 'module'
                and (dotted(node.test) or '').split('.')[-1] == 'TYPE_CHECKING'):
            # 'if TYPE_CHECKING:' is false when the code runs: its body binds nothing then.
            self.visit(node.test, sc, meth)
            for s in node.orelse:
                self.visit(s, sc, meth)
        elif isinstance(node, FUNCS):
            self.bind(sc, node.name, line)
            for d in node.decorator_list:
                self.visit(d, sc, meth)
            self.args(node.args, sc, meth)
            fn = self.scope('function', node.name, node, sc)
            # Its names are visible in its body; decorators and defaults belong to the enclosing scope.
            fn['line'] = node.body[0].lineno
            self.params(node.args, fn)
            inner = meth
            if sc['kind'] == 'class':
                first = (list(getattr(node.args, 'posonlyargs', [])) + list(node.args.args))[:1]
                static = any(dotted(d) in ('staticmethod', 'builtins.staticmethod') for d in node.decorator_list)
                inner = (sc['_class'], first[0].arg if first and not static else None)
            for s in node.body:
                self.visit(s, fn, inner)
        elif isinstance(node, ast.Lambda):
            self.args(node.args, sc, meth)
            fn = self.scope('lambda', 'lambda', node, sc)
            self.params(node.args, fn)
            self.visit(node.body, fn, meth)
        elif isinstance(node, ast.ClassDef):
            self.bind(sc, node.name, line)
            for e in list(node.decorator_list) + list(node.bases) + [k.value for k in node.keywords]:
                self.visit(e, sc, meth)
            cs = self.scope('class', node.name, node, sc)
            cs['line'] = node.body[0].lineno
            rec = {'name': node.name, 'line': node.lineno, 'end': cs['end'], 'nested': sc['kind'] != 'module',
                   'bases': [base_text(b) for b in node.bases], '_members': set(), '_scope': cs}
            cs['_class'] = rec
            self.classes.append(rec)
            for s in node.body:
                self.visit(s, cs, None)
                if isinstance(s, ast.Assign) and any(isinstance(t, ast.Name) and t.id == '__slots__' for t in s.targets):
                    v = s.value
                    elts = v.elts if isinstance(v, (ast.Tuple, ast.List, ast.Set)) else [v]
                    for e in elts:
                        if isinstance(e, ast.Constant) and isinstance(e.value, str):
                            rec['_members'].add(e.value)
        elif isinstance(node, COMPS):
            gens = node.generators
            self.visit(gens[0].iter, sc, meth)
            cs = self.scope('comp', 'comprehension', node, sc)
            for i, g in enumerate(gens):
                if i > 0:
                    self.visit(g.iter, cs, meth)
                self.target(g.target, cs, meth, line)
                for c in g.ifs:
                    self.visit(c, cs, meth)
            for e in ([node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]):
                self.visit(e, cs, meth)
        elif isinstance(node, ast.NamedExpr):
            self.target(node.target, self.non_comp(sc), meth, line)
            self.visit(node.value, sc, meth)
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                self.target(t, sc, meth, line)
            self.visit(node.value, sc, meth)
            if sc['kind'] == 'module' and any(isinstance(t, ast.Name) and t.id == '__all__' for t in node.targets):
                self.set_all(node.value, False)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            self.target(node.target, sc, meth, line)
            if isinstance(node, ast.AnnAssign):
                self.visit(node.annotation, sc, meth)
            if node.value is not None:
                self.visit(node.value, sc, meth)
            if (sc['kind'] == 'module' and isinstance(node.target, ast.Name) and node.target.id == '__all__'
                    and node.value is not None):
                self.set_all(node.value, isinstance(node, ast.AugAssign))
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self.target(node.target, sc, meth, line)
            for e in [node.iter] + node.body + node.orelse:
                self.visit(e, sc, meth)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for it in node.items:
                self.visit(it.context_expr, sc, meth)
                if it.optional_vars is not None:
                    self.target(it.optional_vars, sc, meth, line)
            for s in node.body:
                self.visit(s, sc, meth)
        elif isinstance(node, ast.ExceptHandler):
            if node.name:
                self.bind(sc, node.name, line)
            if node.type is not None:
                self.visit(node.type, sc, meth)
            for s in node.body:
                self.visit(s, sc, meth)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            self.record_import(node, sc)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            for n in node.names:
                self.bind(sc, n, line)
                if isinstance(node, ast.Global):
                    self.bind(self.scopes[0], n, line)
        elif type(node).__name__ in ('MatchAs', 'MatchStar') and getattr(node, 'name', None):
            self.bind(sc, node.name, line)
            for c in ast.iter_child_nodes(node):
                self.visit(c, sc, meth)
        elif type(node).__name__ == 'MatchMapping' and getattr(node, 'rest', None):
            self.bind(sc, node.rest, line)
            for c in ast.iter_child_nodes(node):
                self.visit(c, sc, meth)
        elif type(node).__name__ == 'TypeAlias' and isinstance(getattr(node, 'name', None), ast.Name):
            self.bind(sc, node.name.id, line)
        else:
            for c in ast.iter_child_nodes(node):
                self.visit(c, sc, meth)

    def record_import(self, node, sc):
        line = node.lineno
        names = []
        for a in node.names:
            at = getattr(a, 'lineno', line)
            names.append([a.name, a.asname])
            if a.name == '*':
                continue
            if isinstance(node, ast.Import):
                self.bind(sc, a.asname or a.name.split('.')[0], at)
            else:
                self.bind(sc, a.asname or a.name, at)
        self.imports.append({
            'line': line, 'end': getattr(node, 'end_lineno', None) or line,
            'top': sc['kind'] == 'module' and node in self.top,
            'module_scope': sc['kind'] == 'module',
            'from': isinstance(node, ast.ImportFrom),
            'level': getattr(node, 'level', 0) or 0,
            'module': (node.module or '') if isinstance(node, ast.ImportFrom) else '',
            'names': names})

    def set_all(self, v, add):
        if isinstance(v, (ast.List, ast.Tuple)) and all(
                isinstance(e, ast.Constant) and isinstance(e.value, str) for e in v.elts):
            self.all = (self.all or []) + [e.value for e in v.elts] if add else [e.value for e in v.elts]
        else:
            self.all_dynamic = True


def analyse(tree, source_lines):
    m = Module()
    m.top = set(tree.body)
    mod = m.scope('module', '', tree, None)
    mod['line'] = 1
    mod['end'] = max(source_lines, 1)
    for s in tree.body:
        m.visit(s, mod, None)
    doc = 0
    first = tree.body[0] if tree.body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        doc = first.end_lineno or first.lineno
    return {
        'doc': doc,
        'all': None if m.all_dynamic else m.all,
        'imports': m.imports,
        'classes': [{'name': c['name'], 'line': c['line'], 'end': c['end'], 'nested': c['nested'], 'bases': c['bases'],
                     'members': sorted(set(c['_scope']['names']) | c['_members'])} for c in m.classes],
        'scopes': [{'kind': s['kind'], 'name': s['name'], 'line': s['line'], 'end': s['end'],
                    'names': s['names']} for s in m.scopes],
    }


def module_name(rel, present):
    parts = rel[:-3].split('/')
    package = parts[-1] == '__init__'
    if package:
        parts = parts[:-1]
    # The package root: the first directory, walking up, that is not a package (no __init__.py).
    start = len(parts) - 1
    while start > 0 and '/'.join(parts[:start]) + '/__init__.py' in present:
        start -= 1
    name = parts[start:]
    if not name or not all(p.isidentifier() for p in name):
        return None, package
    return '.'.join(name), package


walk('', 0)
present = set(files)
out = []
for rel in files:
    entry = {'path': rel}
    entry['module'], entry['package'] = module_name(rel, present)
    try:
        data = read(rel)
    except OSError:
        data = None
    if data is None:
        skipped[0] += 1
        continue
    try:
        tree = ast.parse(data, filename=rel)
    except (SyntaxError, ValueError, RecursionError, MemoryError, UnicodeError) as e:
        entry['error'] = {'line': getattr(e, 'lineno', None) or 0, 'msg': str(e)[:200]}
        out.append(entry)
        continue
    try:
        entry.update(analyse(tree, data.count(b'\n') + 1))
    except Exception as e:
        # Parsed, but not analysed: what it defines is unknown, so the model is not complete.
        skipped[0] += 1
        entry['error'] = {'line': 0, 'msg': 'not analysed: ' + type(e).__name__}
    out.append(entry)

doc = json.dumps({'v': 1, 'files': out, 'skipped': skipped[0]}, separators=(',', ':'), ensure_ascii=True)
if len(doc) > MAX_OUT:
    doc = json.dumps({'v': 1, 'too_large': len(doc)})
sys.stdout.write('\n@@NW-PYAST-BEGIN ' + NONCE + '\n' + doc + '\n@@NW-PYAST-END ' + NONCE + '\n')
sys.stdout.flush()
`;
