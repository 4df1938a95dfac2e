"""An operating-system error said in the user's language, with its number: the one wording for a file
that cannot be opened or written, whether it is a data file, an imported list or a folder."""

from __future__ import annotations

import errno

from mms_core.text.i18n import DEFAULT_LANGUAGE, t

_OS_ERRORS = {
    errno.ENOENT: "imp_os_not_found",
    errno.EACCES: "imp_os_no_access",
    errno.EPERM: "imp_os_no_access",
    errno.EISDIR: "imp_os_is_directory",
    errno.ENAMETOOLONG: "imp_os_name_too_long",
    errno.ELOOP: "imp_os_loop",
    errno.EROFS: "imp_os_read_only",
    errno.ENOSPC: "imp_os_no_space",
}


def os_error_text(error: OSError, lang: str = DEFAULT_LANGUAGE) -> str:
    """A Polish (or English) sentence for an operating-system error, with its number."""
    key = _OS_ERRORS.get(error.errno or 0, "imp_os_other")
    return t(key, lang, errno=error.errno or "?")
