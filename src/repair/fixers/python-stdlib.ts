// Generated in nightwatch-test-python:1: for each module, sorted(__all__) (or its public dir()).
/** Public names of standard-library modules (Python 3.11), for imports from them. */
export const PY_STDLIB_EXPORTS: Record<string, string[]> = {
  abc: 'ABC ABCMeta abstractclassmethod abstractmethod abstractproperty abstractstaticmethod get_cache_token update_abstractmethods'.split(
    ' '
  ),
  collections: 'ChainMap Counter OrderedDict UserDict UserList UserString defaultdict deque namedtuple'.split(
    ' '
  ),
  'collections.abc':
    'AsyncGenerator AsyncIterable AsyncIterator Awaitable ByteString Callable Collection Container Coroutine Generator Hashable ItemsView Iterable Iterator KeysView Mapping MappingView MutableMapping MutableSequence MutableSet Reversible Sequence Set Sized ValuesView'.split(
      ' '
    ),
  contextlib:
    'AbstractAsyncContextManager AbstractContextManager AsyncExitStack ContextDecorator ExitStack aclosing asynccontextmanager chdir closing contextmanager nullcontext redirect_stderr redirect_stdout suppress'.split(
      ' '
    ),
  copy: 'Error copy deepcopy'.split(' '),
  dataclasses:
    'Field FrozenInstanceError InitVar KW_ONLY MISSING asdict astuple dataclass field fields is_dataclass make_dataclass replace'.split(
      ' '
    ),
  datetime: 'MAXYEAR MINYEAR UTC date datetime time timedelta timezone tzinfo'.split(' '),
  decimal:
    'BasicContext Clamped Context ConversionSyntax Decimal DecimalException DecimalTuple DefaultContext DivisionByZero DivisionImpossible DivisionUndefined ExtendedContext FloatOperation HAVE_CONTEXTVAR HAVE_THREADS Inexact InvalidContext InvalidOperation MAX_EMAX MAX_PREC MIN_EMIN MIN_ETINY Overflow ROUND_05UP ROUND_CEILING ROUND_DOWN ROUND_FLOOR ROUND_HALF_DOWN ROUND_HALF_EVEN ROUND_HALF_UP ROUND_UP Rounded Subnormal Underflow getcontext localcontext setcontext'.split(
      ' '
    ),
  enum: 'CONFORM CONTINUOUS EJECT Enum EnumCheck EnumMeta EnumType Flag FlagBoundary IntEnum IntFlag KEEP NAMED_FLAGS ReprEnum STRICT StrEnum UNIQUE auto global_enum global_enum_repr global_flag_repr global_str member nonmember property unique verify'.split(
    ' '
  ),
  functools:
    'WRAPPER_ASSIGNMENTS WRAPPER_UPDATES cache cached_property cmp_to_key lru_cache partial partialmethod reduce singledispatch singledispatchmethod total_ordering update_wrapper wraps'.split(
      ' '
    ),
  inspect:
    'ArgInfo Arguments Attribute BlockFinder BoundArguments CORO_CLOSED CORO_CREATED CORO_RUNNING CORO_SUSPENDED CO_ASYNC_GENERATOR CO_COROUTINE CO_GENERATOR CO_ITERABLE_COROUTINE CO_NESTED CO_NEWLOCALS CO_NOFREE CO_OPTIMIZED CO_VARARGS CO_VARKEYWORDS ClassFoundException ClosureVars EndOfBlock FrameInfo FullArgSpec GEN_CLOSED GEN_CREATED GEN_RUNNING GEN_SUSPENDED Parameter Signature TPFLAGS_IS_ABSTRACT Traceback classify_class_attrs cleandoc currentframe findsource formatannotation formatannotationrelativeto formatargvalues get_annotations getabsfile getargs getargvalues getattr_static getblock getcallargs getclasstree getclosurevars getcomments getcoroutinelocals getcoroutinestate getdoc getfile getframeinfo getfullargspec getgeneratorlocals getgeneratorstate getinnerframes getlineno getmembers getmembers_static getmodule getmodulename getmro getouterframes getsource getsourcefile getsourcelines indentsize isabstract isasyncgen isasyncgenfunction isawaitable isbuiltin isclass iscode iscoroutine iscoroutinefunction isdatadescriptor isframe isfunction isgenerator isgeneratorfunction isgetsetdescriptor ismemberdescriptor ismethod ismethoddescriptor ismethodwrapper ismodule isroutine istraceback signature stack trace unwrap walktree'.split(
      ' '
    ),
  io: 'BlockingIOError BufferedIOBase BufferedRWPair BufferedRandom BufferedReader BufferedWriter BytesIO FileIO IOBase RawIOBase SEEK_CUR SEEK_END SEEK_SET StringIO TextIOBase TextIOWrapper UnsupportedOperation open open_code'.split(
    ' '
  ),
  itertools:
    'accumulate chain combinations combinations_with_replacement compress count cycle dropwhile filterfalse groupby islice pairwise permutations product repeat starmap takewhile tee zip_longest'.split(
      ' '
    ),
  json: 'JSONDecodeError JSONDecoder JSONEncoder dump dumps load loads'.split(' '),
  math: 'acos acosh asin asinh atan atan2 atanh cbrt ceil comb copysign cos cosh degrees dist e erf erfc exp exp2 expm1 fabs factorial floor fmod frexp fsum gamma gcd hypot inf isclose isfinite isinf isnan isqrt lcm ldexp lgamma log log10 log1p log2 modf nan nextafter perm pi pow prod radians remainder sin sinh sqrt tan tanh tau trunc ulp'.split(
    ' '
  ),
  operator:
    'abs add and_ attrgetter call concat contains countOf delitem eq floordiv ge getitem gt iadd iand iconcat ifloordiv ilshift imatmul imod imul index indexOf inv invert ior ipow irshift is_ is_not isub itemgetter itruediv ixor le length_hint lshift lt matmul methodcaller mod mul ne neg not_ or_ pos pow rshift setitem sub truediv truth xor'.split(
      ' '
    ),
  os: 'CLD_CONTINUED CLD_DUMPED CLD_EXITED CLD_KILLED CLD_STOPPED CLD_TRAPPED DirEntry EFD_CLOEXEC EFD_NONBLOCK EFD_SEMAPHORE EX_CANTCREAT EX_CONFIG EX_DATAERR EX_IOERR EX_NOHOST EX_NOINPUT EX_NOPERM EX_NOUSER EX_OK EX_OSERR EX_OSFILE EX_PROTOCOL EX_SOFTWARE EX_TEMPFAIL EX_UNAVAILABLE EX_USAGE F_LOCK F_OK F_TEST F_TLOCK F_ULOCK GRND_NONBLOCK GRND_RANDOM MFD_ALLOW_SEALING MFD_CLOEXEC MFD_HUGETLB MFD_HUGE_16GB MFD_HUGE_16MB MFD_HUGE_1GB MFD_HUGE_1MB MFD_HUGE_256MB MFD_HUGE_2GB MFD_HUGE_2MB MFD_HUGE_32MB MFD_HUGE_512KB MFD_HUGE_512MB MFD_HUGE_64KB MFD_HUGE_8MB MFD_HUGE_MASK MFD_HUGE_SHIFT NGROUPS_MAX O_ACCMODE O_APPEND O_ASYNC O_CLOEXEC O_CREAT O_DIRECT O_DIRECTORY O_DSYNC O_EXCL O_FSYNC O_LARGEFILE O_NDELAY O_NOATIME O_NOCTTY O_NOFOLLOW O_NONBLOCK O_PATH O_RDONLY O_RDWR O_RSYNC O_SYNC O_TMPFILE O_TRUNC O_WRONLY POSIX_FADV_DONTNEED POSIX_FADV_NOREUSE POSIX_FADV_NORMAL POSIX_FADV_RANDOM POSIX_FADV_SEQUENTIAL POSIX_FADV_WILLNEED POSIX_SPAWN_CLOSE POSIX_SPAWN_DUP2 POSIX_SPAWN_OPEN PRIO_PGRP PRIO_PROCESS PRIO_USER P_ALL P_NOWAIT P_NOWAITO P_PGID P_PID P_PIDFD P_WAIT RTLD_DEEPBIND RTLD_GLOBAL RTLD_LAZY RTLD_LOCAL RTLD_NODELETE RTLD_NOLOAD RTLD_NOW RWF_APPEND RWF_DSYNC RWF_HIPRI RWF_NOWAIT RWF_SYNC R_OK SCHED_BATCH SCHED_FIFO SCHED_IDLE SCHED_OTHER SCHED_RESET_ON_FORK SCHED_RR SEEK_CUR SEEK_DATA SEEK_END SEEK_HOLE SEEK_SET SPLICE_F_MORE SPLICE_F_MOVE SPLICE_F_NONBLOCK ST_APPEND ST_MANDLOCK ST_NOATIME ST_NODEV ST_NODIRATIME ST_NOEXEC ST_NOSUID ST_RDONLY ST_RELATIME ST_SYNCHRONOUS ST_WRITE TMP_MAX WCONTINUED WCOREDUMP WEXITED WEXITSTATUS WIFCONTINUED WIFEXITED WIFSIGNALED WIFSTOPPED WNOHANG WNOWAIT WSTOPPED WSTOPSIG WTERMSIG WUNTRACED W_OK XATTR_CREATE XATTR_REPLACE XATTR_SIZE_MAX X_OK _exit abort access altsep chdir chmod chown chroot close closerange confstr confstr_names copy_file_range cpu_count ctermid curdir defpath device_encoding devnull dup dup2 environ environb error eventfd eventfd_read eventfd_write execl execle execlp execlpe execv execve execvp execvpe extsep fchdir fchmod fchown fdatasync fdopen fork forkpty fpathconf fsdecode fsencode fspath fstat fstatvfs fsync ftruncate fwalk get_blocking get_exec_path get_inheritable get_terminal_size getcwd getcwdb getegid getenv getenvb geteuid getgid getgrouplist getgroups getloadavg getlogin getpgid getpgrp getpid getppid getpriority getrandom getresgid getresuid getsid getuid getxattr initgroups isatty kill killpg lchown linesep link listdir listxattr lockf login_tty lseek lstat major makedev makedirs memfd_create minor mkdir mkfifo mknod name nice open openpty pardir path pathconf pathconf_names pathsep pidfd_open pipe pipe2 popen posix_fadvise posix_fallocate posix_spawn posix_spawnp pread preadv putenv pwrite pwritev read readlink readv register_at_fork remove removedirs removexattr rename renames replace rmdir scandir sched_get_priority_max sched_get_priority_min sched_getaffinity sched_getparam sched_getscheduler sched_param sched_rr_get_interval sched_setaffinity sched_setparam sched_setscheduler sched_yield sendfile sep set_blocking set_inheritable setegid seteuid setgid setgroups setpgid setpgrp setpriority setregid setresgid setresuid setreuid setsid setuid setxattr spawnl spawnle spawnlp spawnlpe spawnv spawnve spawnvp spawnvpe splice stat stat_result statvfs statvfs_result strerror supports_bytes_environ symlink sync sysconf sysconf_names system tcgetpgrp tcsetpgrp terminal_size times times_result truncate ttyname umask uname uname_result unlink unsetenv urandom utime wait wait3 wait4 waitid waitid_result waitpid waitstatus_to_exitcode walk write writev'.split(
    ' '
  ),
  'os.path':
    'abspath altsep basename commonpath commonprefix curdir defpath devnull dirname exists expanduser expandvars extsep getatime getctime getmtime getsize isabs isdir isfile islink ismount join lexists normcase normpath pardir pathsep realpath relpath samefile sameopenfile samestat sep split splitdrive splitext supports_unicode_filenames'.split(
      ' '
    ),
  pathlib: 'Path PosixPath PurePath PurePosixPath PureWindowsPath WindowsPath'.split(' '),
  random:
    'Random SystemRandom betavariate choice choices expovariate gammavariate gauss getrandbits getstate lognormvariate normalvariate paretovariate randbytes randint random randrange sample seed setstate shuffle triangular uniform vonmisesvariate weibullvariate'.split(
      ' '
    ),
  re: 'A ASCII DOTALL I IGNORECASE L LOCALE M MULTILINE Match NOFLAG Pattern RegexFlag S U UNICODE VERBOSE X compile error escape findall finditer fullmatch match purge search split sub subn template'.split(
    ' '
  ),
  string:
    'Formatter Template ascii_letters ascii_lowercase ascii_uppercase capwords digits hexdigits octdigits printable punctuation whitespace'.split(
      ' '
    ),
  sys: 'abiflags addaudithook api_version argv audit base_exec_prefix base_prefix breakpointhook builtin_module_names byteorder call_tracing copyright displayhook dont_write_bytecode exc_info excepthook exception exec_prefix executable exit flags float_info float_repr_style get_asyncgen_hooks get_coroutine_origin_tracking_depth get_int_max_str_digits getallocatedblocks getdefaultencoding getdlopenflags getfilesystemencodeerrors getfilesystemencoding getprofile getrecursionlimit getrefcount getsizeof getswitchinterval gettrace hash_info hexversion implementation int_info intern is_finalizing maxsize maxunicode meta_path modules orig_argv path path_hooks path_importer_cache platform platlibdir prefix pycache_prefix set_asyncgen_hooks set_coroutine_origin_tracking_depth set_int_max_str_digits setdlopenflags setprofile setrecursionlimit setswitchinterval settrace stderr stdin stdlib_module_names stdout thread_info unraisablehook version version_info warnoptions'.split(
    ' '
  ),
  textwrap: 'TextWrapper dedent fill indent shorten wrap'.split(' '),
  threading:
    'Barrier BoundedSemaphore BrokenBarrierError Condition Event ExceptHookArgs Lock RLock Semaphore TIMEOUT_MAX Thread ThreadError Timer active_count current_thread enumerate excepthook get_ident get_native_id getprofile gettrace local main_thread setprofile settrace stack_size'.split(
      ' '
    ),
  time: 'CLOCK_BOOTTIME CLOCK_MONOTONIC CLOCK_MONOTONIC_RAW CLOCK_PROCESS_CPUTIME_ID CLOCK_REALTIME CLOCK_TAI CLOCK_THREAD_CPUTIME_ID altzone asctime clock_getres clock_gettime clock_gettime_ns clock_settime clock_settime_ns ctime daylight get_clock_info gmtime localtime mktime monotonic monotonic_ns perf_counter perf_counter_ns process_time process_time_ns pthread_getcpuclockid sleep strftime strptime struct_time thread_time thread_time_ns time time_ns timezone tzname tzset'.split(
    ' '
  ),
  types:
    'AsyncGeneratorType BuiltinFunctionType BuiltinMethodType CellType ClassMethodDescriptorType CodeType CoroutineType DynamicClassAttribute EllipsisType FrameType FunctionType GeneratorType GenericAlias GetSetDescriptorType LambdaType MappingProxyType MemberDescriptorType MethodDescriptorType MethodType MethodWrapperType ModuleType NoneType NotImplementedType SimpleNamespace TracebackType UnionType WrapperDescriptorType coroutine new_class prepare_class resolve_bases'.split(
      ' '
    ),
  typing:
    'AbstractSet Annotated Any AnyStr AsyncContextManager AsyncGenerator AsyncIterable AsyncIterator Awaitable BinaryIO ByteString Callable ChainMap ClassVar Collection Concatenate Container ContextManager Coroutine Counter DefaultDict Deque Dict Final ForwardRef FrozenSet Generator Generic Hashable IO ItemsView Iterable Iterator KeysView List Literal LiteralString Mapping MappingView Match MutableMapping MutableSequence MutableSet NamedTuple Never NewType NoReturn NotRequired Optional OrderedDict ParamSpec ParamSpecArgs ParamSpecKwargs Pattern Protocol Required Reversible Self Sequence Set Sized SupportsAbs SupportsBytes SupportsComplex SupportsFloat SupportsIndex SupportsInt SupportsRound TYPE_CHECKING Text TextIO Tuple Type TypeAlias TypeGuard TypeVar TypeVarTuple TypedDict Union Unpack ValuesView assert_never assert_type cast clear_overloads dataclass_transform final get_args get_origin get_overloads get_type_hints is_typeddict no_type_check no_type_check_decorator overload reveal_type runtime_checkable'.split(
      ' '
    ),
  warnings:
    'catch_warnings filterwarnings formatwarning resetwarnings showwarning simplefilter warn warn_explicit'.split(
      ' '
    ),
  weakref:
    'CallableProxyType ProxyType ProxyTypes ReferenceType WeakKeyDictionary WeakMethod WeakSet WeakValueDictionary finalize getweakrefcount getweakrefs proxy ref'.split(
      ' '
    )
};

// Generated in nightwatch-test-python:1: sys.stdlib_module_names without private modules, and those
// of them that have a member of their own name (`datetime.datetime`, `time.time`), importable there.
/** Names of the standard library's public top-level modules (Python 3.11, `sys.stdlib_module_names`). */
export const PY_STDLIB_MODULE_NAMES: ReadonlySet<string> = new Set(
  (
    '__future__ abc aifc antigravity argparse array ast asynchat asyncio asyncore atexit ' +
    'audioop base64 bdb binascii bisect builtins bz2 cProfile calendar cgi cgitb chunk cmath ' +
    'cmd code codecs codeop collections colorsys compileall concurrent configparser contextlib ' +
    'contextvars copy copyreg crypt csv ctypes curses dataclasses datetime dbm decimal difflib ' +
    'dis distutils doctest email encodings ensurepip enum errno faulthandler fcntl filecmp ' +
    'fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass gettext glob ' +
    'graphlib grp gzip hashlib heapq hmac html http idlelib imaplib imghdr imp importlib ' +
    'inspect io ipaddress itertools json keyword lib2to3 linecache locale logging lzma mailbox ' +
    'mailcap marshal math mimetypes mmap modulefinder msilib msvcrt multiprocessing netrc nis ' +
    'nntplib nt ntpath nturl2path numbers opcode operator optparse os ossaudiodev pathlib pdb ' +
    'pickle pickletools pipes pkgutil platform plistlib poplib posix posixpath pprint profile ' +
    'pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri random re readline ' +
    'reprlib resource rlcompleter runpy sched secrets select selectors shelve shlex shutil ' +
    'signal site smtpd smtplib sndhdr socket socketserver spwd sqlite3 sre_compile ' +
    'sre_constants sre_parse ssl stat statistics string stringprep struct subprocess sunau ' +
    'symtable sys sysconfig syslog tabnanny tarfile telnetlib tempfile termios textwrap this ' +
    'threading time timeit tkinter token tokenize tomllib trace traceback tracemalloc tty ' +
    'turtle turtledemo types typing unicodedata unittest urllib uu uuid venv warnings wave ' +
    'weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib ' +
    'zoneinfo'
  ).split(' ')
);

/** Standard-library modules with a member of their own name: a bare use of the name is either. */
export const PY_STDLIB_SAME_NAME: ReadonlySet<string> = new Set(
  (
    'array bisect calendar copy crypt datetime dis fcntl fnmatch getopt getpass gettext glob ' +
    'mmap netrc platform pprint random select shlex signal socket symtable syslog time timeit ' +
    'tokenize'
  ).split(' ')
);

// Generated in nightwatch-test-python:1: for each type of the C library that re, collections, datetime,
// decimal, array, io, itertools, functools, operator, struct, zoneinfo, hashlib, random, csv and types
// define (and the types of their objects: compiled patterns, matches, hashes, files), whose name in an
// AttributeError is dotted (`'re.Pattern' object has no attribute …`) and whose instances hold no
// attributes of their own (no `__dict__`): sorted public dir().
/** Public attributes of the standard library's C types, by the dotted name Python's AttributeError gives them. */
export const PY_C_TYPE_ATTRS: Record<string, string[]> = {
  '_blake2.blake2b':
    'MAX_DIGEST_SIZE MAX_KEY_SIZE PERSON_SIZE SALT_SIZE block_size copy digest digest_size hexdigest name update'.split(
      ' '
    ),
  '_blake2.blake2s':
    'MAX_DIGEST_SIZE MAX_KEY_SIZE PERSON_SIZE SALT_SIZE block_size copy digest digest_size hexdigest name update'.split(
      ' '
    ),
  '_hashlib.HASH': 'block_size copy digest digest_size hexdigest name update'.split(' '),
  '_io.IncrementalNewlineDecoder': 'decode getstate newlines reset setstate'.split(' '),
  '_struct.Struct': 'format iter_unpack pack pack_into size unpack unpack_from'.split(' '),
  '_thread.RLock': 'acquire release'.split(' '),
  'array.array':
    'append buffer_info byteswap count extend frombytes fromfile fromlist fromunicode index insert itemsize pop remove reverse tobytes tofile tolist tounicode typecode'.split(
      ' '
    ),
  'collections.defaultdict':
    'clear copy default_factory fromkeys get items keys pop popitem setdefault update values'.split(' '),
  'collections.deque':
    'append appendleft clear copy count extend extendleft index insert maxlen pop popleft remove reverse rotate'.split(
      ' '
    ),
  'datetime.date':
    'ctime day fromisocalendar fromisoformat fromordinal fromtimestamp isocalendar isoformat isoweekday max min month replace resolution strftime timetuple today toordinal weekday year'.split(
      ' '
    ),
  'datetime.datetime':
    'astimezone combine ctime date day dst fold fromisocalendar fromisoformat fromordinal fromtimestamp hour isocalendar isoformat isoweekday max microsecond min minute month now replace resolution second strftime strptime time timestamp timetuple timetz today toordinal tzinfo tzname utcfromtimestamp utcnow utcoffset utctimetuple weekday year'.split(
      ' '
    ),
  'datetime.time':
    'dst fold fromisoformat hour isoformat max microsecond min minute replace resolution second strftime tzinfo tzname utcoffset'.split(
      ' '
    ),
  'datetime.timedelta': 'days max microseconds min resolution seconds total_seconds'.split(' '),
  'datetime.timezone': 'dst fromutc max min tzname utc utcoffset'.split(' '),
  'datetime.tzinfo': 'dst fromutc tzname utcoffset'.split(' '),
  'decimal.Context':
    'Emax Emin Etiny Etop abs add canonical capitals clamp clear_flags clear_traps compare compare_signal compare_total compare_total_mag copy copy_abs copy_decimal copy_negate copy_sign create_decimal create_decimal_from_float divide divide_int divmod exp fma is_canonical is_finite is_infinite is_nan is_normal is_qnan is_signed is_snan is_subnormal is_zero ln log10 logb logical_and logical_invert logical_or logical_xor max max_mag min min_mag minus multiply next_minus next_plus next_toward normalize number_class plus power prec quantize radix remainder remainder_near rotate rounding same_quantum scaleb shift sqrt subtract to_eng_string to_integral to_integral_exact to_integral_value to_sci_string'.split(
      ' '
    ),
  'decimal.Decimal':
    'adjusted as_integer_ratio as_tuple canonical compare compare_signal compare_total compare_total_mag conjugate copy_abs copy_negate copy_sign exp fma from_float imag is_canonical is_finite is_infinite is_nan is_normal is_qnan is_signed is_snan is_subnormal is_zero ln log10 logb logical_and logical_invert logical_or logical_xor max max_mag min min_mag next_minus next_plus next_toward normalize number_class quantize radix real remainder_near rotate same_quantum scaleb shift sqrt to_eng_string to_integral to_integral_exact to_integral_value'.split(
      ' '
    ),
  'itertools.chain': 'from_iterable'.split(' '),
  're.Match':
    'end endpos expand group groupdict groups lastgroup lastindex pos re regs span start string'.split(' '),
  're.Pattern':
    'findall finditer flags fullmatch groupindex groups match pattern scanner search split sub subn'.split(
      ' '
    ),
  'zoneinfo.ZoneInfo': 'clear_cache dst from_file fromutc key no_cache tzname utcoffset'.split(' ')
};
