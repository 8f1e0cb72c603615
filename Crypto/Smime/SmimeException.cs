namespace Smgw.Crypto.Smime;

/// <summary>An S/MIME entity could not be processed (malformed, not addressed to us, unsupported).</summary>
public sealed class SmimeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SmimeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public SmimeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
