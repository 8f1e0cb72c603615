namespace Smgw.Tests.Infrastructure;

/// <summary>One transaction as smtp-sink dumped it: its envelope and the message as received.</summary>
public sealed record SinkMessage(string MailFrom, IReadOnlyList<string> RcptTo, string Message)
{
    public static SinkMessage Parse(string dump)
    {
        // smtp-sink writes X-Client-*, X-Helo-Args, X-Mail-Args, X-Rcpt-Args lines, then the message.
        var lines = dump.Split("\n");
        var from = "";
        var rcpts = new List<string>();
        var index = 0;
        for (; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd('\r');
            if (line.StartsWith("X-Mail-Args: ", StringComparison.Ordinal))
            {
                from = Angle(line["X-Mail-Args: ".Length..]);
            }
            else if (line.StartsWith("X-Rcpt-Args: ", StringComparison.Ordinal))
            {
                rcpts.Add(Angle(line["X-Rcpt-Args: ".Length..]));
            }
            else if (!line.StartsWith("X-Client-", StringComparison.Ordinal) && !line.StartsWith("X-Helo-Args", StringComparison.Ordinal))
            {
                break;
            }
        }
        return new SinkMessage(from, rcpts, string.Join("\n", lines[index..]));
    }

    private static string Angle(string args)
    {
        var open = args.IndexOf('<');
        var close = args.IndexOf('>');
        return open >= 0 && close > open ? args[(open + 1)..close] : args.Trim();
    }

    public string? Header(string name)
    {
        foreach (var line in Message.Split('\n'))
        {
            if (line.Trim().Length == 0)
            {
                return null;
            }
            if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            {
                return line[(name.Length + 1)..].Trim();
            }
        }
        return null;
    }
}
