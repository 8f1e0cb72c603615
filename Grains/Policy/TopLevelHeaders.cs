using System.Text;
using MimeKit;

namespace Smgw.Grains.Policy;

/// <summary>
/// The message's own header block, read and cut in the stored bytes: header fields are removed
/// line by line (with their folded continuation lines), everything else stays byte for byte. One
/// pass, linear in the header size; a header block without an end (no empty line) is the whole message.
/// </summary>
public static class TopLevelHeaders
{
    /// <summary>Decides by field name (the bytes before the colon, trailing white space removed).</summary>
    public delegate bool FieldFilter(ReadOnlySpan<byte> name);

    /// <summary>The body without the header fields <paramref name="drop"/> selects; the same memory when there are none.</summary>
    public static ReadOnlyMemory<byte> Remove(ReadOnlyMemory<byte> body, FieldFilter drop)
    {
        var span = body.Span;
        List<(int Start, int End)>? cuts = null;
        var dropping = false;
        var position = 0;
        while (position < span.Length)
        {
            var newline = span[position..].IndexOf((byte)'\n');
            var end = newline < 0 ? span.Length : position + newline + 1;
            var line = span[position..end];
            if (line is [(byte)'\n'] or [(byte)'\r', (byte)'\n'])
            {
                break; // the empty line: the body starts
            }
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                // A folded continuation belongs to the field before it.
            }
            else
            {
                var colon = line.IndexOf((byte)':');
                dropping = colon > 0 && drop(line[..colon].TrimEnd(" \t"u8));
            }
            if (dropping)
            {
                cuts ??= [];
                if (cuts.Count > 0 && cuts[^1].End == position)
                {
                    cuts[^1] = (cuts[^1].Start, end);
                }
                else
                {
                    cuts.Add((position, end));
                }
            }
            position = end;
        }
        if (cuts is null)
        {
            return body;
        }
        var result = new byte[span.Length - cuts.Sum(c => c.End - c.Start)];
        var from = 0;
        var to = 0;
        foreach (var (start, stop) in cuts)
        {
            span[from..start].CopyTo(result.AsSpan(to));
            to += start - from;
            from = stop;
        }
        span[from..].CopyTo(result.AsSpan(to));
        return result;
    }

    /// <summary>Field names that start with <paramref name="prefix"/> (ASCII, case-insensitive).</summary>
    public static bool StartsWith(ReadOnlySpan<byte> name, ReadOnlySpan<byte> prefix) =>
        name.Length >= prefix.Length && Ascii.EqualsIgnoreCase(name[..prefix.Length], prefix);

    /// <summary>
    /// The addresses the visible recipient headers name (To, Cc, Resent-To, Resent-Cc; an envelope
    /// recipient not among them is a blind one), and the header From address when there is exactly
    /// one ("" for none, several, or one that does not parse).
    /// </summary>
    public static (HashSet<string> Named, string From) Addresses(ReadOnlyMemory<byte> body)
    {
        var named = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        HeaderList headers;
        using (var stream = MessageProtection.Open(body))
        {
            try
            {
                headers = HeaderList.Load(stream);
            }
            catch (FormatException)
            {
                return (named, "");
            }
        }
        var from = new List<string>();
        foreach (var header in headers)
        {
            if (header.Id is HeaderId.To or HeaderId.Cc or HeaderId.ResentTo or HeaderId.ResentCc or HeaderId.From
                && InternetAddressList.TryParse(header.Value, out var list))
            {
                foreach (var mailbox in list.Mailboxes)
                {
                    (header.Id == HeaderId.From ? (ICollection<string>)from : named).Add(mailbox.Address.Trim());
                }
            }
            else if (header.Id == HeaderId.From)
            {
                from.Add("");
            }
        }
        return (named, from is [var single] ? single : "");
    }
}
