using System.Globalization;
using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace Smgw.Grains.Delivery;

/// <summary>
/// Builds delivery status notifications (bounces): RFC 3464 message/delivery-status inside an
/// RFC 6522 multipart/report, with RFC 3463 status codes and RFC 3461 RET/ENVID/ORCPT handling.
/// </summary>
public static class DsnBuilder
{
    private const string ReportType = "delivery-status";
    private const string FailedSubject = "Undelivered Mail Returned to Sender";
    private const string DelayedSubject = "Delayed Mail (still being retried)";
    private const string DeliveredSubject = "Successful Mail Delivery Report";

    private const string RequestParameter = "request";

    private static readonly string[] KnownActions = ["failed", "delayed", "delivered", "relayed", "expanded"];

    /// <summary>
    /// Builds the DSN for <paramref name="request"/>.
    /// </summary>
    /// <returns>
    /// The DSN, or null when none must be sent because the original envelope sender is the null
    /// sender ("&lt;&gt;" or empty): never bounce a bounce (RFC 5321 §6.1, RFC 3464 §2).
    /// </returns>
    /// <remarks>
    /// Subject: "Undelivered Mail Returned to Sender" when any recipient failed, otherwise
    /// "Delayed Mail (still being retried)" when any is delayed, otherwise "Successful Mail Delivery Report".
    /// Machine-readable fields are kept US-ASCII (RFC 3464): control characters become spaces and
    /// non-ASCII characters in diagnostics become '?'; non-ASCII recipient addresses use the
    /// RFC 6533 "utf-8" address type with \x{HEX} escapes. The human-readable part keeps the original text.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or <paramref name="time"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// A field is invalid: no recipients, empty reporting MTA, a Status that is not an RFC 3463 code,
    /// an unknown Action, an address containing line breaks or an unparsable envelope sender.
    /// </exception>
    public static MimeMessage? Build(DsnRequest request, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(time);

        var reportingMta = ValidateReportingMta(request.ReportingMta);
        var recipients = ValidateRecipients(request.Recipients);

        var sender = StripAngleBrackets(request.OriginalEnvelopeSender);
        if (sender.Length == 0)
        {
            return null;
        }

        if (!MailboxAddress.TryParse(ParserOptions.Default, sender, out var senderMailbox) || string.IsNullOrEmpty(senderMailbox.Address))
        {
            throw new ArgumentException($"Original envelope sender '{Flatten(sender)}' is not a valid address.", RequestParameter);
        }

        var headerSection = OriginalMessageParts.HeaderSection(request.OriginalMessage);
        var originalHeaders = OriginalMessageParts.TryParseHeaders(headerSection);
        var originalMessageId = OriginalMessageParts.MessageId(originalHeaders);

        MimeEntity returned;
        var fullReturned = false;
        if (request.ReturnFullMessage && OriginalMessageParts.FullMessagePart(request.OriginalMessage) is { } full)
        {
            returned = full;
            fullReturned = true;
        }
        else
        {
            returned = OriginalMessageParts.HeadersPart(headerSection, originalHeaders);
        }

        var report = new MultipartReport(ReportType)
        {
            HumanReadablePart(request, reportingMta, recipients, fullReturned),
            DeliveryStatusPart(request, reportingMta, recipients),
            returned,
        };

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Mail Delivery System", "MAILER-DAEMON@" + reportingMta));
        message.To.Add(new MailboxAddress(string.Empty, senderMailbox.Address));
        message.Subject = SubjectFor(recipients);
        message.Date = time.GetUtcNow();
        message.MessageId = MimeUtils.GenerateMessageId(reportingMta);
        message.Headers.Add("Auto-Submitted", "auto-replied");
        if (originalMessageId is not null)
        {
            try
            {
                message.InReplyTo = originalMessageId;
                message.References.Add(originalMessageId);
            }
            catch (ArgumentException)
            {
                // An id MimeKit refuses to format is not worth failing the bounce over.
                message.InReplyTo = null;
                message.References.Clear();
            }
        }

        message.MimeVersion = new Version(1, 0);
        message.Body = report;
        return message;
    }

    private static string ValidateReportingMta(string? reportingMta)
    {
        var host = reportingMta?.Trim() ?? string.Empty;
        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '@' or '<' or '>' or ';'))
        {
            throw new ArgumentException($"Reporting MTA '{Flatten(reportingMta ?? string.Empty)}' is not a host name.", RequestParameter);
        }

        return host;
    }

    private static List<DsnRecipient> ValidateRecipients(IReadOnlyList<DsnRecipient>? recipients)
    {
        if (recipients is null || recipients.Count == 0)
        {
            throw new ArgumentException("A DSN needs at least one recipient.", RequestParameter);
        }

        var result = new List<DsnRecipient>(recipients.Count);
        foreach (var recipient in recipients)
        {
            if (recipient is null)
            {
                throw new ArgumentException("Recipients must not contain null.", RequestParameter);
            }

            var address = StripAngleBrackets(recipient.Address);
            if (address.Length == 0 || address.Any(char.IsControl))
            {
                throw new ArgumentException($"Recipient address '{Flatten(recipient.Address ?? string.Empty)}' is empty or contains control characters.", RequestParameter);
            }

            if (!DsnStatusCode.IsValid(recipient.Status))
            {
                throw new ArgumentException(
                    $"Status '{recipient.Status}' for recipient '{address}' is not an RFC 3463 enhanced status code (class.subject.detail, class 2, 4 or 5, e.g. \"5.1.1\").",
                    RequestParameter);
            }

            var action = recipient.Action?.Trim().ToLowerInvariant() ?? string.Empty;
            if (!KnownActions.Contains(action))
            {
                throw new ArgumentException(
                    $"Action '{recipient.Action}' for recipient '{address}' is not one of failed, delayed, delivered, relayed, expanded (RFC 3464 §2.3.3).",
                    RequestParameter);
            }

            result.Add(recipient with { Address = address, Action = action });
        }

        return result;
    }

    private static string SubjectFor(List<DsnRecipient> recipients)
    {
        if (recipients.Any(r => r.Action == "failed"))
        {
            return FailedSubject;
        }

        return recipients.Any(r => r.Action == "delayed") ? DelayedSubject : DeliveredSubject;
    }

    private static MessageDeliveryStatus DeliveryStatusPart(DsnRequest request, string reportingMta, List<DsnRecipient> recipients)
    {
        var groups = new List<HeaderList>(recipients.Count + 1);

        var perMessage = new HeaderList();
        if (!string.IsNullOrWhiteSpace(request.EnvelopeId))
        {
            perMessage.Add("Original-Envelope-Id", AsciiText(request.EnvelopeId));
        }

        perMessage.Add("Reporting-MTA", "dns; " + reportingMta);
        perMessage.Add("Arrival-Date", DateUtils.FormatDate(request.ArrivalDate));
        groups.Add(perMessage);

        foreach (var recipient in recipients)
        {
            var fields = new HeaderList();
            if (!string.IsNullOrWhiteSpace(recipient.OriginalRecipient))
            {
                fields.Add("Original-Recipient", TypedAddress(recipient.OriginalRecipient));
            }

            fields.Add("Final-Recipient", TypedAddress(recipient.Address));
            fields.Add("Action", recipient.Action);
            fields.Add("Status", recipient.Status);
            if (!string.IsNullOrWhiteSpace(recipient.RemoteMta))
            {
                fields.Add("Remote-MTA", Typed(recipient.RemoteMta, "dns"));
            }

            if (!string.IsNullOrWhiteSpace(recipient.DiagnosticCode))
            {
                fields.Add("Diagnostic-Code", Typed(recipient.DiagnosticCode, "smtp"));
            }

            if (recipient.LastAttempt is { } lastAttempt)
            {
                fields.Add("Last-Attempt-Date", DateUtils.FormatDate(lastAttempt));
            }

            groups.Add(fields);
        }

        // Groups are separated by one blank line (RFC 3464 §2.1). MimeKit's StatusGroups setter would also
        // terminate the last group with a blank line, which readers (MimeKit included) then see as an extra,
        // empty recipient group; so the content is written here and ends right after the last field.
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Unix;
        var content = new MemoryStream();
        foreach (var group in groups)
        {
            group.WriteTo(options, content);
        }

        content.SetLength(content.Length - 1);
        content.Position = 0;
        return new MessageDeliveryStatus { Content = new MimeContent(content) };
    }

    private static TextPart HumanReadablePart(DsnRequest request, string reportingMta, List<DsnRecipient> recipients, bool fullReturned)
    {
        var text = new StringBuilder();
        void Line(string s = "") => text.Append(s).Append('\n');

        Line($"This is the mail delivery system at {reportingMta}.");
        Line();

        var failed = recipients.Where(r => r.Action == "failed").ToList();
        var delayed = recipients.Where(r => r.Action == "delayed").ToList();
        var done = recipients.Where(r => r.Action is "delivered" or "relayed" or "expanded").ToList();

        if (failed.Count > 0)
        {
            Line("I'm sorry to have to tell you that your message could not be delivered to");
            Line("the recipient(s) below. Delivery failed permanently and the mail system has");
            Line("given up: the message will NOT be retried for these addresses.");
            Line();
            foreach (var recipient in failed)
            {
                DescribeRecipient(text, recipient);
            }
        }

        if (delayed.Count > 0)
        {
            Line("Your message has not yet been delivered to the recipient(s) below. This is");
            Line("a temporary problem: the mail system will keep trying to deliver it, so you");
            Line("do not need to send it again. You will get another notice if delivery");
            Line("finally fails.");
            Line();
            foreach (var recipient in delayed)
            {
                DescribeRecipient(text, recipient);
            }
        }

        if (done.Count > 0)
        {
            Line("Your message was successfully delivered (or passed on) to the recipient(s) below.");
            Line();
            foreach (var recipient in done)
            {
                DescribeRecipient(text, recipient);
            }
        }

        Line("Details of your message:");
        Line($"  Queue ID: {HumanText(request.QueueId)}");
        Line($"  Received: {DateUtils.FormatDate(request.ArrivalDate)}");
        Line($"  Sender:   <{HumanText(StripAngleBrackets(request.OriginalEnvelopeSender))}>");
        Line();
        Line(fullReturned
            ? "Your original message is attached below."
            : "The headers of your original message are attached below.");
        Line($"If you need help, contact the postmaster of {reportingMta} and quote the queue ID above.");

        var body = text.ToString();
        var part = new TextPart("plain");
        part.SetText(Encoding.UTF8, body);
        part.ContentTransferEncoding = body.All(c => c < 0x80) && body.Split('\n').All(l => l.Length <= 998)
            ? ContentEncoding.SevenBit
            : ContentEncoding.QuotedPrintable;
        return part;
    }

    private static void DescribeRecipient(StringBuilder text, DsnRecipient recipient)
    {
        text.Append("  <").Append(HumanText(recipient.Address)).Append(">\n");
        var meaning = DsnStatusCode.Describe(recipient.Status);
        text.Append("      Status: ").Append(recipient.Status);
        if (meaning is not null)
        {
            text.Append(" (").Append(meaning).Append(')');
        }

        text.Append('\n');
        if (!string.IsNullOrWhiteSpace(recipient.DiagnosticCode))
        {
            var reply = HumanText(StripType(recipient.DiagnosticCode));
            var server = string.IsNullOrWhiteSpace(recipient.RemoteMta) ? null : HumanText(StripType(recipient.RemoteMta));
            text.Append(server is null ? "      The mail system said: " : $"      The remote server {server} said: ")
                .Append(reply).Append('\n');
        }
        else if (!string.IsNullOrWhiteSpace(recipient.RemoteMta))
        {
            text.Append("      Remote server: ").Append(HumanText(StripType(recipient.RemoteMta))).Append('\n');
        }

        if (recipient.LastAttempt is { } lastAttempt)
        {
            text.Append("      Last attempt: ").Append(DateUtils.FormatDate(lastAttempt)).Append('\n');
        }

        text.Append('\n');
    }

    /// <summary>"type; value" as given when it already has an RFC 3464 type prefix, otherwise "<paramref name="defaultType"/>; value".</summary>
    private static string Typed(string value, string defaultType)
    {
        var flat = AsciiText(value);
        var semicolon = flat.IndexOf(';');
        if (semicolon > 0 && IsAtom(flat.AsSpan(0, semicolon).Trim()))
        {
            return flat[..semicolon].Trim() + "; " + flat[(semicolon + 1)..].Trim();
        }

        return defaultType + "; " + flat;
    }

    /// <summary>An address-type; address value for Final-Recipient / Original-Recipient.</summary>
    private static string TypedAddress(string value)
    {
        var trimmed = value.Trim();
        var semicolon = trimmed.IndexOf(';');
        if (semicolon > 0 && IsAtom(trimmed.AsSpan(0, semicolon).Trim()))
        {
            // Already "addr-type; address" (e.g. an ORCPT value).
            return AsciiText(trimmed[..semicolon].Trim()) + "; " + Utf8AddrXtextIfNeeded(StripAngleBrackets(trimmed[(semicolon + 1)..]), out _);
        }

        var encoded = Utf8AddrXtextIfNeeded(StripAngleBrackets(trimmed), out var needsUtf8Type);
        return (needsUtf8Type ? "utf-8; " : "rfc822; ") + encoded;
    }

    /// <summary>RFC 6533 utf-8-addr-xtext for non-ASCII addresses; ASCII addresses are returned as they are.</summary>
    private static string Utf8AddrXtextIfNeeded(string address, out bool encoded)
    {
        encoded = address.Any(c => c >= 0x80);
        if (!encoded)
        {
            return AsciiText(address);
        }

        var sb = new StringBuilder(address.Length * 2);
        foreach (var rune in address.EnumerateRunes())
        {
            var v = rune.Value;
            if (v is > 0x20 and < 0x7F and not '+' and not '=' and not '\\')
            {
                sb.Append((char)v);
            }
            else
            {
                sb.Append("\\x{").Append(v.ToString("X2", CultureInfo.InvariantCulture)).Append('}');
            }
        }

        return sb.ToString();
    }

    private static bool IsAtom(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || !char.IsAsciiLetter(s[0]))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static string StripType(string value)
    {
        var semicolon = value.IndexOf(';');
        return semicolon > 0 && IsAtom(value.AsSpan(0, semicolon).Trim()) ? value[(semicolon + 1)..].Trim() : value.Trim();
    }

    private static string StripAngleBrackets(string? value)
    {
        var s = value?.Trim() ?? string.Empty;
        if (s.Length >= 2 && s[0] == '<' && s[^1] == '>')
        {
            s = s[1..^1].Trim();
        }

        return s;
    }

    /// <summary>Single line, printable US-ASCII: control characters become spaces, other non-ASCII becomes '?'.</summary>
    private static string AsciiText(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                < ' ' or '\x7F' => ' ',
                > '\x7F' => '?',
                _ => c,
            });
        }

        return CollapseSpaces(sb.ToString());
    }

    /// <summary>Single line of text for humans: keeps Unicode, removes line breaks and control characters.</summary>
    private static string HumanText(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            sb.Append(char.IsControl(c) ? ' ' : c);
        }

        return CollapseSpaces(sb.ToString());
    }

    private static string Flatten(string value) => HumanText(value);

    private static string CollapseSpaces(string value)
    {
        var sb = new StringBuilder(value.Length);
        var previousSpace = false;
        foreach (var c in value.Trim())
        {
            if (c == ' ')
            {
                if (!previousSpace)
                {
                    sb.Append(c);
                }

                previousSpace = true;
            }
            else
            {
                sb.Append(c);
                previousSpace = false;
            }
        }

        return sb.ToString();
    }
}
