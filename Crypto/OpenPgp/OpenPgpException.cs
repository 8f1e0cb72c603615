namespace Smgw.Crypto.OpenPgp;

/// <summary>An OpenPGP key or message could not be processed (malformed, not addressed to us, unsupported, weak).</summary>
public sealed class OpenPgpException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OpenPgpException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public OpenPgpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
