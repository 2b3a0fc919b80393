"""Read manifest files, directories and stdin into located YAML documents.

``read_paths`` returns a ``Document`` for every document whose content is a mapping, and a
``Skip`` with a stable reason code for every file or document it could not read. Bad
content gives a skip rather than an exception, and one bad file or document does not stop
the others.

Choices a caller may need to know:

* Order: the paths in the order given, the files found in a directory sorted by relative
  path (compared component by component), the documents in file order. A file reached twice
  (named twice, or through a symbolic link) is read the first time only.
* Directories are walked for ``.yaml``, ``.yml`` and ``.json`` (any case), following
  symbolic links to directories but not into a directory already on the current path
  (``symlink-loop``), and skipping folders whose name starts with a dot. Only regular files
  are read in a walk, and a broken link is reported only when its name has one of those
  extensions. A file named explicitly is read whatever its type or extension, so a
  pipe such as bash's ``<(helm template ...)`` works.
* Encoding: UTF-8, with or without a BOM. UTF-16 and UTF-32 files that start with a BOM
  are decoded too. Other bytes that are not valid UTF-8 give ``not-utf8``, and a NUL byte
  outside a UTF-16 or UTF-32 file gives ``binary``.
* ``Document.index`` counts every document of the stream, empty ones included, as
  ``yaml.load_all`` would. ``end_line`` is the last line before the next document, so it
  includes trailing comments.
* Helm templates: a file that contains ``{{`` and is not valid YAML is skipped whole as
  ``helm-template``. A file where ``{{`` only appears inside strings that parse is read,
  because Prometheus rules and Argo workflows carry Go templates in string values.
* Without libyaml, PyYAML rejects a tab before a JSON value, so JSON indented with tabs
  is skipped as ``yaml-error`` there.
* A syntax error stops libyaml for the rest of the stream, so a file with one is read
  again one document at a time, split before each line that starts with ``---``. The
  broken document is skipped with its line and the others are read.
"""

from __future__ import annotations

import bisect
import codecs
import errno
import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

import yaml

from cniselect import yamlio
from cniselect.i18n import _
from cniselect.scan.interface import Document, ReadIssue, ReadResult, Skip

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
"""Files larger than this many bytes are skipped as ``too-large``."""
MAX_ALIAS_EXPANSION = 100_000
"""Maximum number of nodes that aliases may add to a document when it is expanded."""
MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")

NOT_FOUND = "not-found"
BROKEN_SYMLINK = "broken-symlink"
SYMLINK_LOOP = "symlink-loop"
UNREADABLE = "unreadable"
TOO_LARGE = "too-large"
BINARY = "binary"
NOT_UTF8 = "not-utf8"
HELM_TEMPLATE = "helm-template"
YAML_ERROR = "yaml-error"
TOO_DEEP = "too-deep"
ALIAS_BOMB = "alias-bomb"
NOT_A_MAPPING = "not-a-mapping"
SKIP_REASONS = (
    NOT_FOUND, BROKEN_SYMLINK, SYMLINK_LOOP, UNREADABLE, TOO_LARGE, BINARY, NOT_UTF8,
    HELM_TEMPLATE, YAML_ERROR, TOO_DEEP, ALIAS_BOMB, NOT_A_MAPPING,
)
"""Every reason code a ``Skip`` from this module can carry."""

_NULL_TAG = "tag:yaml.org,2002:null"
# libyaml counts CR LF, CR, LF, NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR as line breaks.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_DOCUMENT_START = re.compile(
    "(?:\\A|(?<=[\r\n\x85\u2028\u2029]))---(?=[ \t\r\n\x85\u2028\u2029]|\\Z)"
)
_DIRECTIVE = re.compile("#[ \t]*cniselect:([^\r\n\x85\u2028\u2029]*)")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (codecs.BOM_UTF8, "utf-8-sig"),
)


def read_paths(paths: Sequence[str], *, stdin: TextIO | None = None,
               include: Sequence[str] = (), exclude: Sequence[str] = (),
               max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    """Read files, directories and ``-`` (stdin) into documents and skips, in order.

    ``include`` and ``exclude`` are gitignore-style patterns matched against paths relative
    to each named directory. They do not apply to files named explicitly. A directory
    matched by ``exclude`` is not entered. The result keeps every document's node tree, so
    its memory grows with the input; ``iter_read`` yields one file at a time instead.
    """
    documents: list[Document] = []
    skipped: list[Skip] = []
    files = 0
    for result in iter_read(paths, stdin=stdin, include=include, exclude=exclude,
                            max_bytes=max_bytes):
        documents.extend(result.documents)
        skipped.extend(result.skipped)
        files += result.files
    return ReadResult(tuple(documents), tuple(skipped), files)


def iter_read(paths: Sequence[str], *, stdin: TextIO | None = None,
              include: Sequence[str] = (), exclude: Sequence[str] = (),
              max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[ReadResult]:
    """Read like ``read_paths``, yielding one ``ReadResult`` per file or skipped path.

    A caller that handles each result and then drops it keeps memory flat in the number of
    files.
    """
    reader = _Reader(stdin if stdin is not None else sys.stdin, include, exclude, max_bytes)
    for path in paths:
        yield from reader.read_path(path)


# One unit of work of a read: a file to read as (filesystem path, display path), "-" for
# stdin, or a ReadResult that only carries skips found while walking.
ReadItem = Any


def plan_read(paths: Sequence[str], *, include: Sequence[str] = (),
              exclude: Sequence[str] = ()) -> list[ReadItem]:
    """List, in output order, what ``iter_read`` would read, without reading any file.

    Walking happens here, so the files can then be read in any process with
    ``read_item``; a file reached twice (through a link) is listed once.
    """
    reader = _Reader(sys.stdin, include, exclude, DEFAULT_MAX_BYTES)
    items: list[ReadItem] = []
    for path in paths:
        items.extend(reader.plan_path(path))
    return items


def read_item(item: ReadItem, *, stdin: TextIO | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult | None:
    """Read one item of ``plan_read``; None when the file vanished as a duplicate."""
    if isinstance(item, ReadResult):
        return item
    reader = _Reader(stdin if stdin is not None else sys.stdin, (), (), max_bytes)
    if item == "-":
        return reader.read_stdin()
    path, display = item
    return reader.read_file(path, display)


def _skip_result(path: str, reason: str, message: str, line: int | None = None,
                 files: int = 0) -> ReadResult:
    return ReadResult(skipped=(Skip(path, reason, message, line),), files=files)


class _Reader:
    """Settings of one read, and the files already read so that none is read twice."""

    def __init__(self, stdin: TextIO, include: Sequence[str], exclude: Sequence[str],
                 max_bytes: int) -> None:
        self.stdin = stdin
        self.include = _compile_patterns(include)
        self.exclude = _compile_patterns(exclude)
        self.max_bytes = max_bytes
        self.seen_files: set[tuple[int, int]] = set()

    def plan_path(self, path: str) -> Iterator[ReadItem]:
        """Yield the items of one named path, as ``read_path`` would read them."""
        if path == "-":
            yield "-"
            return
        display = _posix(path)
        try:
            info = os.stat(path)
        except OSError as error:
            yield _stat_error_result(path, display, error)
            return
        if stat.S_ISDIR(info.st_mode):
            entries = _DirectoryWalk(path, display, self.include, self.exclude, info).run()
            for _parts, entry in sorted(entries, key=lambda item: item[0]):
                if isinstance(entry, Skip):
                    yield ReadResult(skipped=(entry,))
                elif self.first_time(entry[0]):
                    yield entry
            return
        if self.first_time(path):
            yield (path, display)

    def first_time(self, path: str) -> bool:
        """Return False for a file already planned under another name."""
        try:
            info = os.stat(path)
        except OSError:
            return True  # reading it will report the error
        identity = (info.st_dev, info.st_ino)
        if identity in self.seen_files:
            return False
        self.seen_files.add(identity)
        return True

    def read_path(self, path: str) -> Iterator[ReadResult]:
        for item in self.plan_path(path):
            if isinstance(item, ReadResult):
                yield item
            elif item == "-":
                yield self.read_stdin()
            else:
                # plan_path already dropped files reached twice.
                result = self.read_file(*item, check_seen=False)
                if result is not None:
                    yield result

    def read_stdin(self) -> ReadResult:
        binary = getattr(self.stdin, "buffer", None)
        if binary is not None:
            return self.read_bytes("-", binary.read(self.max_bytes + 1), None)
        text = self.stdin.read(self.max_bytes + 1)
        # NOTE: a text stream without a binary buffer is limited in characters, not bytes.
        if len(text) > self.max_bytes:
            return self.too_large_result("-", None)
        if "\x00" in text:
            message = _("The input contains NUL characters, so it is binary, not text.")
            return _skip_result("-", BINARY, message, files=1)
        return self.read_text("-", text.removeprefix("\ufeff"))

    def read_file(self, path: str, display: str, check_seen: bool = True) -> ReadResult | None:
        """Read one file, or return None when the same file was already read."""
        try:
            with open(path, "rb") as stream:
                info = os.fstat(stream.fileno())
                identity = (info.st_dev, info.st_ino)
                if check_seen and identity in self.seen_files:
                    return None
                self.seen_files.add(identity)
                if not stat.S_ISREG(info.st_mode):
                    data = stream.read(self.max_bytes + 1)
                elif info.st_size > self.max_bytes:
                    return self.too_large_result(display, info.st_size, files=0)
                else:
                    # read(n) would allocate n bytes up front, so read a regular file whole.
                    data = stream.read()
        except OSError as error:
            message = _("Cannot read the file: {error}.")
            return _skip_result(display, UNREADABLE,
                                message.format(error=error.strerror or error))
        return self.read_bytes(display, data, len(data) if stat.S_ISREG(info.st_mode) else None)

    def too_large_result(self, display: str, size: int | None, files: int = 1) -> ReadResult:
        if size is None:
            message = _("The input is larger than the limit of {limit:,} bytes.")
        else:
            message = _("The file is {size:,} bytes, larger than the limit of {limit:,} bytes.")
        message = message.format(size=size, limit=self.max_bytes)
        return _skip_result(display, TOO_LARGE, message, files=files)

    def read_bytes(self, display: str, data: bytes, size: int | None) -> ReadResult:
        """Decode and parse the bytes of one file or of stdin (``size`` is None for a stream)."""
        if len(data) > self.max_bytes:
            return self.too_large_result(display, size)
        text = _decode(data)
        if isinstance(text, Skip):
            return _skip_result(display, text.reason, text.message, text.line, files=1)
        return self.read_text(display, text)

    def read_text(self, display: str, text: str) -> ReadResult:
        stream = _StreamParser(text, display)
        stream.run()
        if stream.invalid and "{{" in text:
            message = _("This looks like a template ({{ }} syntax), not a manifest, so render "
                        "it first, for example: helm template … | cniselect check --manifests "
                        "- (or cniselect scan -)")
            return _skip_result(display, HELM_TEMPLATE, message, files=1)
        return ReadResult(tuple(stream.documents), tuple(stream.skipped), files=1)


def _stat_error_result(path: str, display: str, error: OSError) -> ReadResult:
    if error.errno == errno.ELOOP:
        return _skip_result(display, SYMLINK_LOOP, _("Too many levels of symbolic links."))
    if isinstance(error, (FileNotFoundError, NotADirectoryError)):
        if os.path.islink(path):
            message = _("Broken symbolic link: {target} does not exist.")
            return _skip_result(display, BROKEN_SYMLINK,
                                message.format(target=os.readlink(path)))
        return _skip_result(display, NOT_FOUND, _("No such file or directory."))
    message = _("Cannot read the path: {error}.")
    return _skip_result(display, UNREADABLE, message.format(error=error.strerror or error))


def _compile_patterns(patterns: Sequence[str]) -> Any:
    if not patterns:
        return None
    import pathspec  # imported here: only directory walks with patterns need it

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def _posix(path: str) -> str:
    if os.altsep:
        path = path.replace(os.sep, "/")
    return path


def _join_display(root: str, relative: str) -> str:
    """Join a named directory and a relative path. A bare ``.`` adds nothing."""
    stripped = root.rstrip("/")
    if stripped in ("", "."):
        return relative if root != "/" else "/" + relative
    return f"{stripped}/{relative}"


def _is_manifest_name(name: str) -> bool:
    return name.lower().endswith(MANIFEST_SUFFIXES)


class _DirectoryWalk:
    """Collect the manifest files under one named directory, and the skips found on the way.

    ``run`` returns ``(relative path parts, entry)`` pairs, where an entry is a ``Skip`` or a
    ``(filesystem path, display path)`` pair to read, for the caller to sort.
    """

    def __init__(self, root: str, display: str, include: Any, exclude: Any,
                 info: os.stat_result) -> None:
        self.root = root
        self.display = display
        self.include = include
        self.exclude = exclude
        self.root_identity = (info.st_dev, info.st_ino)
        self.entries: list[tuple[tuple[str, ...], Any]] = []
        self.walked: set[tuple[int, int]] = set()

    def run(self) -> list[tuple[tuple[str, ...], Any]]:
        # Each stack item is a folder to list, its relative path parts, and the identities
        # (device, inode) of the folders from the root down to it, for loop detection.
        stack = [(self.root, (), frozenset([self.root_identity]))]
        self.walked.add(self.root_identity)
        while stack:
            folder, parts, ancestors = stack.pop()
            stack.extend(self.list_folder(folder, parts, ancestors))
        return self.entries

    def add_skip(self, parts: tuple[str, ...], reason: str, message: str) -> None:
        display = _join_display(self.display, "/".join(parts))
        self.entries.append((parts, Skip(display, reason, message)))

    def list_folder(self, folder: str, parts: tuple[str, ...],
                    ancestors: frozenset[tuple[int, int]]) -> list[Any]:
        subfolders = []
        try:
            with os.scandir(folder) as listing:
                items = list(listing)
        except OSError as error:
            message = _("Cannot list the directory: {error}.")
            self.add_skip(parts, UNREADABLE, message.format(error=error.strerror or error))
            return []
        for item in items:
            item_parts = (*parts, item.name)
            if item.is_symlink():
                subfolder = self.follow_symlink(item, item_parts, ancestors)
            elif item.is_dir(follow_symlinks=False):
                subfolder = self.enter_folder(item, item_parts, ancestors, None)
            else:
                if item.is_file(follow_symlinks=False):
                    self.add_file(item, item_parts)
                subfolder = None
            if subfolder is not None:
                subfolders.append(subfolder)
        return subfolders

    def follow_symlink(self, item: os.DirEntry, parts: tuple[str, ...],
                       ancestors: frozenset[tuple[int, int]]) -> Any:
        try:
            info = os.stat(item.path)
        except OSError as error:
            if not _is_manifest_name(item.name):
                return None
            if error.errno == errno.ELOOP:
                self.add_skip(parts, SYMLINK_LOOP, _("Too many levels of symbolic links."))
            else:
                message = _("Broken symbolic link: {target} does not exist.")
                self.add_skip(parts, BROKEN_SYMLINK, message.format(target=_readlink(item)))
            return None
        if stat.S_ISDIR(info.st_mode):
            return self.enter_folder(item, parts, ancestors, info)
        if stat.S_ISREG(info.st_mode):
            self.add_file(item, parts)
        return None

    def enter_folder(self, item: os.DirEntry, parts: tuple[str, ...],
                     ancestors: frozenset[tuple[int, int]],
                     info: os.stat_result | None) -> Any:
        if item.name.startswith("."):
            return None
        relative = "/".join(parts)
        if self.exclude is not None and self.exclude.match_file(relative + "/"):
            return None
        try:
            info = info or item.stat(follow_symlinks=False)
        except OSError as error:
            message = _("Cannot read the directory: {error}.")
            self.add_skip(parts, UNREADABLE, message.format(error=error.strerror or error))
            return None
        identity = (info.st_dev, info.st_ino)
        if identity in ancestors:
            message = _("Symbolic link to {target} leads back to a directory that contains "
                        "it, so it was not followed.")
            self.add_skip(parts, SYMLINK_LOOP, message.format(target=_readlink(item)))
            return None
        if identity in self.walked:
            return None
        self.walked.add(identity)
        return item.path, parts, ancestors | {identity}

    def add_file(self, item: os.DirEntry, parts: tuple[str, ...]) -> None:
        if not _is_manifest_name(item.name):
            return
        relative = "/".join(parts)
        if self.include is not None and not self.include.match_file(relative):
            return
        if self.exclude is not None and self.exclude.match_file(relative):
            return
        self.entries.append((parts, (item.path, _join_display(self.display, relative))))


def _readlink(item: os.DirEntry) -> str:
    try:
        return os.readlink(item.path)
    except OSError:
        return "?"


def _decode(data: bytes) -> str | Skip:
    """Decode file bytes to text, or return a Skip (with an empty path) saying why not."""
    codec = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            codec = name
            break
    wide = codec in ("utf-16", "utf-32")
    if not wide and b"\x00" in data:
        return Skip("", BINARY, _("The input contains NUL bytes, so it is binary, not text."))
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        line = _count_breaks(data[:error.start].decode(codec, errors="replace")) + 1
        message = _("The input is not valid {encoding} at line {line} (byte 0x{byte:02x}), "
                    "so convert it to UTF-8 to check it.")
        encoding = codec.upper().removesuffix("-SIG")
        message = message.format(encoding=encoding, line=line, byte=data[error.start])
        return Skip("", NOT_UTF8, message, line)
    if wide and "\x00" in text:
        return Skip("", BINARY, _("The input contains NUL characters, so it is binary, not "
                                  "text."))
    return text


def _is_preamble(text: str) -> bool:
    """Return True when ``text`` has only blank lines, comments and ``%`` directives."""
    for line in _LINE_BREAK.split(text):
        stripped = line.strip()
        if stripped and not stripped.startswith(("#", "%")):
            return False
    return True


def _line_count(text: str) -> int:
    """Return the number of lines in ``text``, counting a last line without a break."""
    count = _count_breaks(text)
    if text and not text.endswith(("\n", "\r", "\x85", "\u2028", "\u2029")):
        count += 1
    return max(count, 1)


def _count_breaks(text: str) -> int:
    if text.isascii() and "\r" not in text:
        return text.count("\n")
    return len(_LINE_BREAK.findall(text))


def _find_directives(text: str) -> list[tuple[int, str]]:
    """Find ``# cniselect: ...`` comments by text search and return ``(line, text)`` pairs.

    NOTE: a text search cannot tell a comment from the same text inside a block scalar.
    """
    found = []
    line = 1
    position = 0
    for match in _DIRECTIVE.finditer(text):
        start = match.start()
        # A YAML comment starts at the beginning of a line or after white space.
        if start and not text[start - 1].isspace():
            continue
        line += _count_breaks(text[position:start])
        position = start
        found.append((line, match.group(1).strip()))
    return found


class _StreamParser:
    """Parse one file's text into documents and skips, resuming after syntax errors."""

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        # Without both an anchor and an alias indicator, no node can be shared.
        self.may_share_nodes = "&" in text and "*" in text
        self.directives = _find_directives(text) if "cniselect:" in text else []
        self.directive_lines = [line for line, _text in self.directives]
        self.documents: list[Document] = []
        self.skipped: list[Skip] = []
        self.invalid = False
        """Whether any part of the text was not valid YAML (a syntax or value error)."""
        self.index = 0
        self.previous_end = 0

    def skip(self, reason: str, message: str, line: int | None) -> None:
        self.skipped.append(Skip(self.path, reason, message, line))

    def run(self) -> None:
        error = self.parse_slice(0, len(self.text), 0)
        if error is None:
            return
        # libyaml cannot go on after a syntax error, and it checks characters ahead of the
        # document it is composing, so the documents before the error are not all known to
        # be complete. Read the whole text again one document at a time instead.
        self.documents.clear()
        self.skipped.clear()
        self.index = 0
        self.invalid = True
        for start, end, line_offset in self.split_documents():
            error = self.parse_slice(start, end, line_offset)
            if error is not None:
                part = self.text[start:end]
                # An error found at the end of a part points at the next part's first line.
                last_line = line_offset + _line_count(part)
                line = min(_error_line(error, part, line_offset) or last_line, last_line)
                self.skip_syntax_error(error, line)
                self.index += 1

    def parse_slice(self, start: int, end: int, line_offset: int) -> BaseException | None:
        """Read the documents of ``text[start:end]`` and return the error that stopped it.

        ``line_offset`` is the number of lines before ``start``, used to move the marks of
        the nodes to positions in the whole text.
        """
        whole = start == 0 and end == len(self.text)
        self.previous_end = line_offset
        try:
            # PyYAML's pure-Python reader checks every character here, libyaml's later.
            loader = yamlio.DuplicateKeyLoader(self.text if whole else self.text[start:end])
        except yaml.YAMLError as error:
            return error
        try:
            while True:
                try:
                    if not loader.check_node():
                        return None
                    node = loader.get_node()
                except (yaml.YAMLError, RecursionError) as error:
                    return error
                if node is None:
                    return None
                if line_offset or start:
                    _shift_marks(node, line_offset, start)
                self.add_document(loader, node)
                self.index += 1
        finally:
            loader.dispose()

    def split_documents(self) -> list[tuple[int, int, int]]:
        """Split the text before each ``---`` line into ``(start, end, lines before)`` parts.

        A ``---`` at the start of a line always starts a document in YAML, even inside a
        scalar, so each part contains one document, or more when they are separated by ``...``
        only. A part with nothing but comments and ``%`` directives joins the next part.
        """
        parts = []
        start = 0
        start_line = 1
        line = 1
        position = 0
        for match in _DOCUMENT_START.finditer(self.text):
            line += _count_breaks(self.text[position:match.start()])
            position = match.start()
            if position == start or _is_preamble(self.text[start:position]):
                continue
            parts.append((start, position, start_line - 1))
            start = position
            start_line = line
        parts.append((start, len(self.text), start_line - 1))
        return parts

    def skip_syntax_error(self, error: BaseException, line: int) -> None:
        if isinstance(error, RecursionError) or "nesting depth" in str(error):
            message = _("The document is nested deeper than the YAML parser allows.")
            self.skip(TOO_DEEP, message, line)
        else:
            message = _("Invalid YAML: {error}.").format(error=_error_text(error))
            self.skip(YAML_ERROR, message, line)

    def add_document(self, loader: yamlio.DuplicateKeyLoader, node: yaml.Node) -> None:
        line = node.start_mark.line + 1
        end_line = _last_line(node)
        # Directives after the previous document's last line belong to this one.
        region_start = self.previous_end
        self.previous_end = max(self.previous_end, end_line)

        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG:
            return
        if not isinstance(node, yaml.MappingNode):
            self.skip_not_a_mapping(node, line)
            return
        if self.may_share_nodes and not self.check_expansion(node, line):
            return

        try:
            data, duplicates = loader.construct_checked(node)
        except (yaml.YAMLError, ValueError, TypeError) as error:
            self.invalid = True
            message = _("Invalid YAML value: {error}.").format(error=_error_text(error))
            error_line = yamlio.error_line(error) if isinstance(error, yaml.YAMLError) else None
            self.skip(YAML_ERROR, message, error_line or line)
            return
        except RecursionError:
            self.invalid = True
            self.skip(TOO_DEEP, _("The document is nested too deeply to read."), line)
            return
        if not isinstance(data, dict):
            self.skip_not_a_mapping(node, line)
            return

        low = bisect.bisect_right(self.directive_lines, region_start)
        high = bisect.bisect_right(self.directive_lines, end_line)
        self.documents.append(Document(
            path=self.path,
            index=self.index,
            line=line,
            data=data,
            node=node,
            end_line=end_line,
            issues=tuple(ReadIssue("duplicate-key", key_line, key)
                         for key, key_line in duplicates),
            directives=tuple(self.directives[low:high]),
        ))

    def skip_not_a_mapping(self, node: yaml.Node, line: int) -> None:
        if isinstance(node, yaml.SequenceNode):
            message = _("The document is a list, not a mapping, so it is not a Kubernetes "
                        "object.")
        else:
            message = _("The document is a single value, not a mapping, so it is not a "
                        "Kubernetes object.")
        self.skip(NOT_A_MAPPING, message, line)

    def check_expansion(self, node: yaml.Node, line: int) -> bool:
        """Record a skip and return False when aliases expand the document too far."""
        counts = yamlio.count_nodes(node)
        if counts is None:
            message = _("An alias refers to a node that contains it, so the document has "
                        "no end when expanded.")
            self.skip(ALIAS_BOMB, message, line)
            return False
        distinct, expanded = counts
        if expanded - distinct > MAX_ALIAS_EXPANSION:
            message = _("Aliases expand the document from {distinct:,} to {expanded:,} nodes, "
                        "more than {limit:,} extra, so it looks like an alias bomb.")
            self.skip(ALIAS_BOMB, message.format(distinct=distinct, expanded=expanded,
                                                 limit=MAX_ALIAS_EXPANSION), line)
            return False
        return True


def _last_line(node: yaml.Node) -> int:
    """Return the 1-based last line of a node. An end mark at column 0 ends the line before."""
    end = node.end_mark
    if end.column == 0 and end.line > node.start_mark.line:
        return end.line
    return end.line + 1


def _shift_marks(node: yaml.Node, lines: int, characters: int) -> None:
    """Move the marks of a node tree parsed from a slice to positions in the whole text."""
    for current in yamlio.iter_nodes(node):
        for attribute in ("start_mark", "end_mark"):
            mark = getattr(current, attribute)
            setattr(current, attribute, yaml.Mark(mark.name, mark.index + characters,
                                                  mark.line + lines, mark.column, None, None))


def _error_line(error: BaseException, text: str, line_offset: int) -> int | None:
    """Return the 1-based line that an error in parsing ``text`` points at.

    ``line_offset`` is the number of lines before ``text`` in the file.
    """
    if isinstance(error, yaml.reader.ReaderError):
        # libyaml reports the position of a reader error in UTF-8 bytes of the parsed slice.
        # NOTE: PyYAML's pure-Python reader counts characters instead, so without libyaml
        # the line can be too high after non-ASCII text.
        prefix = text.encode("utf-8")[:error.position].decode("utf-8", "replace")
        return line_offset + _count_breaks(prefix) + 1
    if isinstance(error, yaml.YAMLError):
        line = yamlio.error_line(error)
        return None if line is None else line + line_offset
    return None


def _error_text(error: BaseException) -> str:
    if isinstance(error, yaml.reader.ReaderError):
        return _("character #x{code:04x} is not allowed").format(code=error.character)
    if isinstance(error, yaml.YAMLError):
        return yamlio.error_text(error)
    return str(error)
