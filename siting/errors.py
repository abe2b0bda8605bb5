"""The one small exception family of the package.

Every error a user can cause is a :class:`SitingError`. Its message names the
input (file or setting), what was found, and how to fix it, so the CLI can print
it as one line and the app can show it with ``st.error`` -- never a traceback.
Each error carries its text in English (``str(err)``) and, where given, in
Norwegian bokmål; :meth:`SitingError.text` picks by language.
"""

from __future__ import annotations

from .text import pick

__all__ = ["ConfigError", "DataChangedError", "InputError", "NetworkError", "SitingError"]


class SitingError(Exception):
    """Base class for every error caused by the user's input or environment.

    Parameters
    ----------
    message : str
        The message in English: names the input, the value found and the fix.
    nb : str, optional
        The same message in Norwegian bokmål.
    """

    def __init__(self, message: str, *, nb: str | None = None) -> None:
        super().__init__(message)
        self.nb = nb

    def text(self, lang: str = "en") -> str:
        """Return the message in ``lang`` ("nb" or "en"), English as fallback."""
        return pick(lang, self.nb or str(self), str(self))


class InputError(SitingError):
    """A plots or services file cannot be read or is unusable as a whole."""


class ConfigError(SitingError):
    """A configuration value (weights, curves, rules, profile) is invalid."""


class NetworkError(SitingError):
    """The OSM data cannot be read, downloaded or turned into a network."""


class DataChangedError(SitingError):
    """The OSM data differs from the data a scenario was made with.

    Parameters
    ----------
    message : str
        The message in English, ending with the command line's way out.
    nb : str, optional
        The same message in Norwegian bokmål.
    reason : tuple of str, optional
        (English, bokmål) of the message without its way out, for a front end
        that offers another (the app: its button), see :meth:`reason_text`.
    """

    def __init__(self, message: str, *, nb: str | None = None,
                 reason: tuple[str, str] | None = None) -> None:
        super().__init__(message, nb=nb)
        self.reason = reason

    def reason_text(self, lang: str = "en") -> str:
        """Return what changed in ``lang``, without the way out (the whole message if
        no reason was given)."""
        if self.reason is None:
            return self.text(lang)
        return pick(lang, self.reason[1], self.reason[0])
