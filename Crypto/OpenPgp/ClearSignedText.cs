namespace Smgw.Crypto.OpenPgp;

/// <summary>
/// A cleartext-signed OpenPGP text (RFC 4880 §7) found in a text body: the armour lines
/// (<c>-----BEGIN PGP SIGNED MESSAGE-----</c>, <c>Hash:</c> headers, the dash-escaped text,
/// <c>-----BEGIN PGP SIGNATURE-----</c> … <c>-----END PGP SIGNATURE-----</c>) are recognised with
/// any white space around them and LF or CRLF line ends, as clients and list servers leave them.
/// One pass over the lines, linear in the body; nothing is verified here.
/// </summary>
/// <param name="SignedText">The signed text as RFC 4880 §7.1 hashes it: dash-escapes removed, trailing white space of every line removed, CRLF between lines, none after the last.</param>
/// <param name="Signature">The signature block, re-armoured with clean line ends (white space around each line removed).</param>
/// <param name="HashHeaders">The values of the <c>Hash:</c> armour headers (empty: MD5 by the RFC's default).</param>
public sealed record ClearSignedText(byte[] SignedText, byte[] Signature, IReadOnlyList<string> HashHeaders)
{
    private static readonly byte[] BeginMessage = "-----BEGIN PGP SIGNED MESSAGE-----"u8.ToArray();
    private static readonly byte[] BeginSignature = "-----BEGIN PGP SIGNATURE-----"u8.ToArray();
    private static readonly byte[] EndSignature = "-----END PGP SIGNATURE-----"u8.ToArray();

    /// <summary>The first cleartext-signed text in <paramref name="body"/>, or null when there is none (or it is incomplete).</summary>
    public static ClearSignedText? Find(ReadOnlySpan<byte> body)
    {
        var state = State.Before;
        var hashes = new List<string>();
        using var text = new MemoryStream();
        using var signature = new MemoryStream();
        var firstTextLine = true;
        var position = 0;
        while (position < body.Length)
        {
            var newline = body[position..].IndexOf((byte)'\n');
            var end = newline < 0 ? body.Length : position + newline + 1;
            var raw = body[position..end];
            position = end;
            var trimmed = Trim(raw);
            switch (state)
            {
                case State.Before when trimmed.SequenceEqual(BeginMessage):
                    state = State.Headers;
                    break;
                case State.Headers when trimmed.Length == 0:
                    state = State.Text;
                    break;
                case State.Headers:
                    if (StartsWithIgnoreCase(trimmed, "Hash:"u8))
                    {
                        hashes.AddRange(System.Text.Encoding.ASCII.GetString(trimmed[5..]).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
                    }
                    break;
                case State.Text when trimmed.SequenceEqual(BeginSignature):
                    state = State.Signature;
                    signature.Write(BeginSignature);
                    signature.WriteByte((byte)'\n');
                    break;
                case State.Text:
                    var line = TrimEnd(raw);
                    if (line.StartsWith("- "u8))
                    {
                        line = line[2..];
                    }
                    if (!firstTextLine)
                    {
                        text.Write("\r\n"u8);
                    }
                    text.Write(line);
                    firstTextLine = false;
                    break;
                case State.Signature:
                    signature.Write(trimmed);
                    signature.WriteByte((byte)'\n');
                    if (trimmed.SequenceEqual(EndSignature))
                    {
                        return new ClearSignedText(text.ToArray(), signature.ToArray(), hashes);
                    }
                    break;
            }
        }
        return null;
    }

    private enum State
    {
        Before,
        Headers,
        Text,
        Signature,
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> line, ReadOnlySpan<byte> prefix) =>
        line.Length >= prefix.Length && System.Text.Ascii.EqualsIgnoreCase(line[..prefix.Length], prefix);

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line) => TrimEnd(line).TrimStart(" \t"u8);

    private static ReadOnlySpan<byte> TrimEnd(ReadOnlySpan<byte> line) => line.TrimEnd(" \t\r\n"u8);
}
