"""`werkvorm lsp`: a language server over stdio (pygls); the language work itself is in editor_services.py."""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
import os
import sys
from collections import OrderedDict
from typing import assert_never
from urllib.parse import unquote

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import to_fs_path

from werkvorm_dsl.app import editor_services as assist
from werkvorm_dsl.language.diagnostics import Severity
from werkvorm_dsl.taal.live import Availability, LiveTaal

TAAL_SOURCE = "werkvorm taal"  # the source of spelling and plain-language diagnostics, beside check's "werkvorm"
CHECK_DELAY = 0.25  # seconds of quiet after a keystroke before the file is checked again
MAX_MESSAGE_BYTES = 200 * 1024 * 1024  # beyond a 20 MB werkvorm even when every letter is escaped
MAX_HEADER_BYTES = 64 * 1024
READ_CHUNK = 1024 * 1024
# In place of a skipped body: a cancel for no request at all, which pygls passes over with a warning.
SKIPPED = b'{"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": "werkvorm-overgeslagen"}}'

MOST_ANALYSES = 64  # the open documents' analyses kept at once; another is made again when asked
INVALID_REQUEST, INVALID_PARAMS = -32600, -32602  # JSON-RPC's error codes

log = logging.getLogger(__name__)


class NotOpen(Exception):
    """A request about a document the editor did not open: it is not read from disk (a file of any
    size, or a FIFO that would block the server), and the answer is empty."""


class _Answered:
    """In place of a request that already got its error response: nothing more to do."""


class WerkvormProtocol(LanguageServerProtocol):
    """pygls's protocol, with an answer to every request: a request whose parameters do not fit
    (a position at line -1, or none) gets Invalid Params, and one after 'shutdown' Invalid Request,
    where pygls would log the fault and leave the editor waiting."""

    def structure_message(self, data):
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if not (isinstance(data, dict) and "id" in data and "method" in data):
                raise
            log.error("het verzoek %s had gegevens die ik niet kan lezen; ik ga door.", _shown_method(data))
            self._send_response(data["id"], None, _error(INVALID_PARAMS, _INVALID_PARAMS_SAID, error))
            return _Answered()

    def handle_message(self, message):
        if isinstance(message, _Answered):
            return
        method, msg_id = getattr(message, "method", None), getattr(message, "id", None)
        if self._shutdown and method not in (None, types.EXIT) and msg_id is not None:
            self._send_response(msg_id, None, _error(INVALID_REQUEST, _AFTER_SHUTDOWN_SAID))
            return
        super().handle_message(message)


_INVALID_PARAMS_SAID = "werkvorm lsp: de gegevens van dit verzoek kloppen niet (bijvoorbeeld een plaats vóór regel 0)."
_AFTER_SHUTDOWN_SAID = "werkvorm lsp: de server is al gestopt (na 'shutdown'); alleen 'exit' kan nog."


def _error(code: int, message: str, cause: JsonRpcException | None = None):
    from lsprotocol.types import ResponseError

    return ResponseError(code=code, message=message, data=getattr(cause, "data", None))


def _shown_method(data: dict) -> str:
    from werkvorm_dsl.system.safe_text import excerpt, shown

    return excerpt(shown(str(data.get("method", ""))))


class WerkvormServer(LanguageServer):
    """The server's state: the latest analysis of each open document, and the checks waiting to run."""

    def __init__(self):
        # Full sync: pygls applies incremental edits with its own idea of a line (str.splitlines, which
        # also breaks at U+2028 and form feeds); the editor's and the lexer's lines break only at \r and \n.
        super().__init__(
            "werkvorm",
            "0.1.0",
            text_document_sync_kind=types.TextDocumentSyncKind.Full,
            protocol_cls=WerkvormProtocol,
        )
        # uri -> (the text it was made of, analysis); only open documents, the latest MOST_ANALYSES
        self.analyses: OrderedDict[str, tuple[str, assist.Analysis]] = OrderedDict()
        self.exit_code = 0  # what the process ends with: 1 for an 'exit' without 'shutdown' before it
        self.waiting: dict[str, asyncio.Task] = {}
        self.checking: dict[str, bool] = {}  # uri -> whether it must be checked again when the running check ends
        self.loop: asyncio.AbstractEventLoop | None = None  # set on 'initialized' or the first document
        # The dictionary loads, and suggestions are looked up, in threads; what they find comes back here.
        self.taal = LiveTaal(
            on_ready=lambda: self.in_loop(self.taal_ready), on_found=lambda uri: self.in_loop(self.check_soon, uri)
        )

    def in_loop(self, callback, *args) -> None:
        """Runs `callback` on the server's event loop; called from the taal threads."""
        loop = self.loop
        if loop is None or loop.is_closed():
            return
        try:
            loop.call_soon_threadsafe(callback, *args)
        except RuntimeError:  # the loop closed meanwhile: the editor has gone
            pass

    def check_soon(self, uri: str) -> None:
        """Checks a document again after a short pause, once, however often this is asked meanwhile."""
        if self.open_document(uri) is None:
            return  # closed meanwhile
        earlier = self.waiting.pop(uri, None)
        if earlier is not None:
            earlier.cancel()  # a newer version is coming; checking this one would be wasted work
        self.waiting[uri] = asyncio.ensure_future(_check_later(self, uri))

    def taal_ready(self) -> None:
        """The dictionary is there (or is not on this machine): every open document gets its spelling."""
        if self.taal.availability is Availability.OFF:
            self.window_show_message(
                types.ShowMessageParams(
                    type=types.MessageType.Info, message=f"{self.taal.off_note} De andere controles werken gewoon."
                )
            )
        for document in list(self.workspace.text_documents.values()):
            self.check_soon(document.uri)  # as the editor wrote it: pygls keys them decoded

    def open_document(self, uri: str):
        """The document the editor opened at this address, or None (pygls keeps them by the decoded address)."""
        return self.workspace.text_documents.get(unquote(uri))

    def analysis(self, uri: str) -> assist.Analysis:
        """The analysis of an open document; NotOpen for any other (pygls would read it from disk)."""
        document = self.open_document(uri)
        if document is None:
            raise NotOpen(uri)
        cached = self.analyses.get(uri)
        if cached is None or cached[0] is not document.source:  # pygls puts a new string in on every change
            cached = (document.source, assist.Analysis(document.source, to_fs_path(uri) or uri))
            self.analyses[uri] = cached
        self.analyses.move_to_end(uri)
        while len(self.analyses) > MOST_ANALYSES:
            self.analyses.popitem(last=False)
        return cached[1]

    @property
    def encoding(self) -> str:
        capabilities = getattr(self.protocol, "server_capabilities", None)  # None before 'initialize'
        chosen = capabilities.position_encoding if capabilities is not None else None
        return str(getattr(chosen, "value", chosen) or "utf-16")

    def report_server_error(self, error: Exception, source) -> None:
        # pygls would show the editor a pop-up in English; the one Dutch line on stderr is enough.
        return None


def position(analysis: assist.Analysis, place: assist.Place, encoding: str) -> types.Position:
    line = analysis.lines[place.line] if place.line < len(analysis.lines) else ""
    return types.Position(line=place.line, character=assist.client_units(line[: place.character], encoding))


def to_range(analysis: assist.Analysis, stretch: assist.Stretch, encoding: str) -> types.Range:
    return types.Range(start=position(analysis, stretch.start, encoding), end=position(analysis, stretch.end, encoding))


def place_of(analysis: assist.Analysis, where: types.Position, encoding: str) -> assist.Place:
    line = min(max(where.line, 0), len(analysis.lines) - 1)
    return assist.Place(line, assist.character_at(analysis.lines[line], where.character, encoding))


def severity(level: Severity) -> types.DiagnosticSeverity:
    match level:
        case Severity.ERROR:
            return types.DiagnosticSeverity.Error
        case Severity.WARNING:
            return types.DiagnosticSeverity.Warning
        case Severity.INFO:  # an 'opmerking': what the check worked out, no problem
            return types.DiagnosticSeverity.Information
        case _:
            assert_never(level)


def lsp_diagnostics(
    analysis: assist.Analysis,
    uri: str,
    encoding: str,
    problems: list[assist.Problem] | None = None,
    source: str = "werkvorm",
) -> list[types.Diagnostic]:
    """check's problems, or the given ones (taal's) under their own source."""
    return [
        types.Diagnostic(
            range=to_range(analysis, problem.stretch, encoding),
            message=problem.message,
            severity=severity(problem.diagnostic.severity),
            code=problem.diagnostic.code,
            source=source,
            related_information=[
                types.DiagnosticRelatedInformation(
                    location=types.Location(uri=uri, range=to_range(analysis, stretch, encoding)), message=label
                )
                for stretch, label in problem.related
            ]
            or None,
        )
        for problem in (assist.problems(analysis) if problems is None else problems)
    ]


def completion_kind(kind: assist.CompletionKind) -> types.CompletionItemKind:
    match kind:
        case assist.CompletionKind.KEYWORD:
            return types.CompletionItemKind.Keyword
        case assist.CompletionKind.ROLE:
            return types.CompletionItemKind.EnumMember
        case assist.CompletionKind.QUESTION_LIST:
            return types.CompletionItemKind.Reference
        case assist.CompletionKind.VALUE:
            return types.CompletionItemKind.Value
        case _:
            assert_never(kind)


def symbol_kind(kind: assist.SymbolKind) -> types.SymbolKind:
    match kind:
        case assist.SymbolKind.TITLE:
            return types.SymbolKind.File
        case assist.SymbolKind.SECTION:
            return types.SymbolKind.Module
        case assist.SymbolKind.QUESTION_LIST:
            return types.SymbolKind.Array
        case assist.SymbolKind.STEP:
            return types.SymbolKind.Function
        case assist.SymbolKind.PAUSE:
            return types.SymbolKind.Event
        case assist.SymbolKind.BLOCK:
            return types.SymbolKind.Namespace
        case _:
            assert_never(kind)


def lsp_symbol(analysis: assist.Analysis, symbol: assist.Symbol, encoding: str) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=symbol.name,
        detail=symbol.detail or None,
        kind=symbol_kind(symbol.kind),
        range=to_range(analysis, symbol.stretch, encoding),
        selection_range=to_range(analysis, symbol.selection, encoding),
        children=[lsp_symbol(analysis, child, encoding) for child in symbol.children],
    )


def kept_alive(handler):
    """A fault in one request is one Dutch line on stderr and an empty answer, never a dead server."""
    what = handler.__name__.replace("_", " ")

    def fault(error: BaseException) -> None:
        log.error(
            "bij %s ging iets mis (%s); ik ga door. Meld dit alstublieft met het bestand erbij.",
            what,
            type(error).__name__,
        )

    if inspect.iscoroutinefunction(handler):

        @functools.wraps(handler)
        async def guarded_async(ls, params):
            try:
                return await handler(ls, params)
            except asyncio.CancelledError:
                raise
            except NotOpen:
                return None
            except Exception as error:
                fault(error)
                return None

        return guarded_async

    @functools.wraps(handler)
    def guarded(ls, params):
        try:
            return handler(ls, params)
        except NotOpen:
            return None
        except Exception as error:
            fault(error)
            return None

    return guarded


async def publish(ls: WerkvormServer, uri: str) -> None:
    """check's diagnostics and taal's together. taal runs in a thread: on a large text it takes
    seconds, and meanwhile the server answers hovers and completions."""
    ls.loop = asyncio.get_running_loop()
    if ls.open_document(uri) is None:
        ls.analyses.pop(uri, None)
        return  # closed meanwhile
    document = ls.workspace.get_text_document(uri)
    source, version = document.source, document.version
    analysis = ls.analysis(uri)
    found = lsp_diagnostics(analysis, uri, ls.encoding)
    taal = await asyncio.to_thread(assist.taal_problems, analysis, ls.taal, uri)
    current = ls.open_document(uri)
    if current is None or current.source is not source:
        return  # closed, or changed meanwhile: the check of the newer version publishes
    found += lsp_diagnostics(analysis, uri, ls.encoding, taal, TAAL_SOURCE)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=found))


def make_server() -> WerkvormServer:
    server = WerkvormServer()

    @server.feature(types.EXIT)
    def exit_now(ls: WerkvormServer, params) -> None:
        """Ends the process at once, with the code the specification gives: 0 after 'shutdown', else 1.
        A check or the dictionary may still run in a thread; waiting for it took seconds."""
        ls.exit_code = 0 if ls.protocol._shutdown else 1
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(ls.exit_code)

    @server.feature(types.INITIALIZED)
    @kept_alive
    async def initialized(ls: WerkvormServer, params: types.InitializedParams):
        ls.loop = asyncio.get_running_loop()
        ls.taal.start()  # the dictionary loads in a thread while the editor opens its first file

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @kept_alive
    async def did_open(ls: WerkvormServer, params: types.DidOpenTextDocumentParams):
        await publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @kept_alive
    async def did_change(ls: WerkvormServer, params: types.DidChangeTextDocumentParams):
        ls.analysis(params.text_document.uri)  # known as open from here on, for check_soon
        ls.check_soon(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @kept_alive
    def did_close(ls: WerkvormServer, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        waiting = ls.waiting.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        ls.analyses.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[":", ","]))
    @kept_alive
    def completion(ls: WerkvormServer, params: types.CompletionParams):
        analysis = ls.analysis(params.text_document.uri)
        found = assist.complete(analysis, place_of(analysis, params.position, ls.encoding))
        return types.CompletionList(
            is_incomplete=False,
            items=[
                types.CompletionItem(
                    label=item.label,
                    kind=completion_kind(item.kind),
                    detail=item.detail,
                    sort_text=f"{item.order:03d}{number:04d}",
                    filter_text=item.label,
                    text_edit=types.TextEdit(range=to_range(analysis, item.replaces, ls.encoding), new_text=item.label),
                )
                for number, item in enumerate(found)
            ],
        )

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @kept_alive
    def hover(ls: WerkvormServer, params: types.HoverParams):
        analysis = ls.analysis(params.text_document.uri)
        found = assist.hover(analysis, place_of(analysis, params.position, ls.encoding))
        if found is None:
            return None
        text, stretch = found
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
            range=to_range(analysis, stretch, ls.encoding),
        )

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @kept_alive
    def definition(ls: WerkvormServer, params: types.DefinitionParams):
        analysis = ls.analysis(params.text_document.uri)
        found = assist.definition(analysis, place_of(analysis, params.position, ls.encoding))
        if found is None:
            return None
        return types.Location(uri=params.text_document.uri, range=to_range(analysis, found, ls.encoding))

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @kept_alive
    def document_symbol(ls: WerkvormServer, params: types.DocumentSymbolParams):
        analysis = ls.analysis(params.text_document.uri)
        return [lsp_symbol(analysis, symbol, ls.encoding) for symbol in assist.outline(analysis)]

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    @kept_alive
    def formatting(ls: WerkvormServer, params: types.DocumentFormattingParams):
        analysis = ls.analysis(params.text_document.uri)
        try:
            laid_out = assist.formatted(analysis)
        except assist.NotFormatted as refusal:
            ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=str(refusal)))
            return []
        if laid_out is None:
            return []
        return [types.TextEdit(range=to_range(analysis, assist.whole_text(analysis), ls.encoding), new_text=laid_out)]

    return server


async def _check_later(ls: WerkvormServer, uri: str) -> None:
    await asyncio.sleep(CHECK_DELAY)
    ls.waiting.pop(uri, None)  # from here on a newer version no longer cancels this check, but waits for it
    if uri in ls.checking:
        ls.checking[uri] = True  # one check of a document at a time: the running one goes again when done
        return
    ls.checking[uri] = False
    try:
        await publish(ls, uri)
        while ls.checking.get(uri):
            ls.checking[uri] = False
            await publish(ls, uri)
    except Exception as error:
        log.error("bij het controleren ging iets mis (%s); ik ga door.", type(error).__name__)
    finally:
        ls.checking.pop(uri, None)


class BoundedInput:
    """stdin for pygls, read without trusting the sizes a client announces: a header line is cut
    off at 64 KB, and a body is read in chunks (memory grows with what arrives, not with what a
    header claims); a body over 200 MB is read past and skipped."""

    def __init__(self, stream):
        self.stream = stream

    def readline(self) -> bytes:
        return self.stream.readline(MAX_HEADER_BYTES)

    def read(self, size: int) -> bytes:
        if size > MAX_MESSAGE_BYTES:
            log.error("de editor stuurde een bericht van meer dan 200 MB; dat sla ik over.")
            while size > 0 and (chunk := self.stream.read(min(size, READ_CHUNK))):
                size -= len(chunk)
            return SKIPPED
        chunks = []
        while size > 0 and (chunk := self.stream.read(min(size, READ_CHUNK))):
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)


class OneDutchLine(logging.Handler):
    """Every problem as one line on stderr, without a traceback: editors show stderr in a log."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("pygls"):
            error = record.exc_info[1] if record.exc_info else None
            kind = f" ({type(error).__name__})" if error else ""
            text = f"een bericht van de editor kon ik niet verwerken{kind}; ik ga door."
        else:
            text = record.getMessage()
        try:
            sys.stderr.write(f"werkvorm lsp: {text}\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass  # no stderr left to tell


def run() -> int:
    """Serve one editor over stdin and stdout until it says goodbye or closes the connection."""
    handler = OneDutchLine(logging.ERROR)
    for name in ("pygls", __name__):
        logger = logging.getLogger(name)
        logger.handlers, logger.propagate = [handler], False
        logger.setLevel(logging.ERROR)
    # pygls annotates stdin as BinaryIO, but reads it only with readline() and read(size), which
    # BoundedInput gives (pygls/io_.py, StdinAsyncReader.readline and .readexactly).
    make_server().start_io(BoundedInput(sys.stdin.buffer), sys.stdout.buffer)  # type: ignore[arg-type]
    return 0
