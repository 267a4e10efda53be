"""Writing files safely: beside the target, then renamed, keeping its mode, owner and links."""

from __future__ import annotations

import errno
import os
import stat

TEMPORARY_PREFIX = ".tmp-werkvorm-"  # followed by the writer's process id: see is_leftover


class FileFault(Exception):
    """A fault of the file system or of the command, not of the werkvorm: one Dutch line, exit code 2."""

    def __init__(self, message: str, code: str = "", path: str = "", hint: str = ""):
        super().__init__(message)
        self.message, self.code, self.path, self.hint = message, code, path, hint

    def __str__(self) -> str:
        from werkvorm_dsl.system.safe_text import bounded, shown

        place = f"{shown(self.path)}: " if self.path else ""
        code = f"fout[{self.code}]: " if self.code else ""
        hint = f" Tip: {self.hint}" if self.hint else ""
        return shown(f"{place}{code}{bounded(self.message, runs=False)}{hint}")


REASONS = {
    errno.ENOENT: "het bestaat niet",
    errno.EACCES: "geen toestemming",
    errno.EPERM: "geen toestemming",
    errno.EISDIR: "het is een map",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "uw schijfruimte is op",
    errno.EROFS: "de schijf is alleen-lezen",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.ELOOP: "een snelkoppeling wijst naar zichzelf",
    errno.EIO: "de schijf gaf een leesfout of schrijffout",
}


def reason(error: OSError) -> str:
    """The cause of an OS error in plain Dutch, for the one line an author reads."""
    known = REASONS.get(error.errno) if error.errno is not None else None  # an OSError raised by hand has none
    return known or error.strerror or "onbekende reden"


def system_fault(error: OSError) -> FileFault:
    """Anything the file system says that no step turned into Dutch yet, as one line (E509)."""
    return FileFault(
        f"Het systeem gaf een fout: {reason(error)}.",
        "E509",
        str(error.filename or ""),
        "Probeer het opnieuw; blijft het gebeuren, vraag dan uw beheerder om hulp.",
    )


def write_fault(path: str, error: OSError) -> FileFault:
    hint = (
        "Maak ruimte vrij en probeer het opnieuw."
        if error.errno in (errno.ENOSPC, errno.EDQUOT)
        else "Kies een map waarin u mag schrijven, of vraag uw beheerder om toestemming."
    )
    return FileFault(
        f"Dit bestand kon ik niet schrijven ({reason(error)}); er is niets half geschreven.", "E501", path, hint
    )


def replace_file(path: str, data: bytes) -> None:
    """Write `path` whole or not at all: a symlink there is replaced, never followed (outputs)."""
    try:
        existing = os.lstat(path)
    except FileNotFoundError:
        existing = None
    except OSError as error:
        raise write_fault(path, error) from None
    keep = existing if existing is not None and stat.S_ISREG(existing.st_mode) else None
    try:
        _replace(path, data, keep)
    except OSError as error:
        raise write_fault(path, error) from None


def write_new(path: str, data: bytes, shown_as: str = "") -> None:
    """Write a file that does not exist yet, in a folder no one else writes (see folders.py);
    a fault names the file as `shown_as`, where it was meant to end up."""
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(path, flags, 0o666)
        try:
            _write_all(descriptor, data)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except OSError as error:
        raise write_fault(shown_as or path, error) from None


def create_file(path: str, data: bytes) -> None:
    """Write a new file whole or not at all; an existing file is never touched (FileExistsError)."""
    try:
        temporary = _write_temporary(os.path.dirname(os.path.abspath(path)), data, None)
        try:
            os.link(temporary, path)  # fails if `path` exists, even when another process just made it
        finally:
            os.unlink(temporary)
    except FileExistsError:
        raise
    except OSError as error:
        raise write_fault(path, error) from None


def rewrite_file(path: str, data: bytes, read: bytes) -> None:
    """Replace the contents of a file we read earlier (`read`), as an editor would.

    A symlink is written through to its target and stays a link; mode and owner stay; a file
    with other hard links, or whose owner we could not keep, is written in place so every name
    still shows the new text. If the file no longer holds what we read, nothing is written.
    """
    target = os.path.realpath(path)
    try:
        existing = os.stat(target)
        if not existing.st_mode & stat.S_IWUSR:
            raise FileFault(
                "Dit bestand is alleen-lezen; ik verander het niet.",
                "E502",
                path,
                "Maak het eerst schrijfbaar als u het wilt laten opmaken.",
            )
        if existing.st_nlink > 1:
            _check_unchanged(path, target, read)
            _write_in_place(target, data, read)
            return
        _replace(target, data, existing, before_rename=lambda: _check_unchanged(path, target, read))
    except OwnerNotKept:
        _check_unchanged(path, target, read)
        _write_in_place(target, data, read)
    except OSError as error:
        raise write_fault(path, error) from None


class OwnerNotKept(Exception):
    """The new file would belong to us instead of the file's owner: write in place instead."""


def _check_unchanged(path: str, target: str, read: bytes) -> None:
    with open(target, "rb") as handle:
        now = handle.read(len(read) + 1)
    if now != read:
        raise FileFault(
            "Dit bestand is veranderd terwijl ik het opmaakte (is het net opgeslagen?); ik heb niets overschreven.",
            "E503",
            path,
            "Voer 'werkvorm fmt' nog een keer uit.",
        )


def _replace(target: str, data: bytes, existing: os.stat_result | None, before_rename=None) -> None:
    folder = os.path.dirname(os.path.abspath(target))
    temporary = _write_temporary(folder, data, existing)
    try:
        if before_rename is not None:
            before_rename()
        os.replace(temporary, target)
    except BaseException:
        _remove_quietly(temporary)
        raise
    _sync_folder(folder)


def _write_temporary(folder: str, data: bytes, existing: os.stat_result | None) -> str:
    """A fully written, flushed file in `folder` with the mode and owner `existing` has.

    New files get 0666 minus the umask, as any program's would; the name carries our process id,
    so a parallel build never removes it (see is_leftover).
    """
    descriptor, temporary = _open_temporary(folder)
    try:
        try:
            if existing is not None:
                os.fchmod(descriptor, stat.S_IMODE(existing.st_mode))
                _keep_owner(descriptor, existing)
            _write_all(descriptor, data)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except BaseException:
        _remove_quietly(temporary)
        raise
    return temporary


def _open_temporary(folder: str) -> tuple[int, str]:
    import secrets

    for _ in range(100):
        temporary = os.path.join(folder, f"{TEMPORARY_PREFIX}{os.getpid()}-{secrets.token_hex(6)}")
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", folder)


def _keep_owner(descriptor: int, existing: os.stat_result) -> None:
    if (existing.st_uid, existing.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        os.fchown(descriptor, existing.st_uid, existing.st_gid)
    except PermissionError:
        raise OwnerNotKept() from None


def _write_in_place(target: str, data: bytes, read: bytes) -> None:
    """Overwrite the file itself; on any failure the bytes we read are put back."""
    descriptor = os.open(target, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        try:
            _reserve(descriptor, len(data))  # a full disk then fails here, before a byte changes
            os.lseek(descriptor, 0, os.SEEK_SET)
            _write_all(descriptor, data)
            os.ftruncate(descriptor, len(data))
            os.fsync(descriptor)
        except BaseException:
            os.lseek(descriptor, 0, os.SEEK_SET)
            _write_all(descriptor, read)
            os.ftruncate(descriptor, len(read))
            raise
    finally:
        os.close(descriptor)


def _reserve(descriptor: int, size: int) -> None:
    if size and hasattr(os, "posix_fallocate"):
        try:
            os.posix_fallocate(descriptor, 0, size)
        except OSError as error:
            if error.errno not in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
                raise


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _sync_folder(folder: str) -> None:
    """The rename itself survives a power cut only once the folder is flushed too."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems cannot flush a folder; the file itself is already on disk
    finally:
        os.close(descriptor)


def _remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def is_leftover(name: str) -> bool:
    """A temporary file of a process that no longer runs (a killed build), never a live one's."""
    if not name.startswith(".tmp-"):
        return False
    pid = name.removeprefix(TEMPORARY_PREFIX).partition("-")[0]
    if not name.startswith(TEMPORARY_PREFIX) or not pid.isdigit():
        return True  # an older version's name, without a process id
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, ValueError):
        return False
    return False
