using System.Text;
using MimeKit;
using MimeKit.Utils;
using Smgw.Grains.Delivery;
using Xunit;

namespace Smgw.Tests.Unit;

public class DsnBuilderTests
{
    private const string ReportingMta = "mx1.gateway.example";
    private const string QueueId = "4QxyZ12AbC";
    private const string OriginalMessageId = "orig-1234@client.example.com";
    private const string BodyMarker = "SECRET-BODY-MARKER-7f3a";

    private static readonly DateTimeOffset Now = new(2025, 3, 14, 15, 9, 26, TimeSpan.Zero);
    private static readonly DateTimeOffset Arrival = new(2025, 3, 14, 9, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset Attempt = new(2025, 3, 14, 15, 8, 0, TimeSpan.Zero);

    private static readonly string OriginalText =
        "Return-Path: <alice@client.example.com>\r\n" +
        "Received: from client.example.com (client.example.com [192.0.2.10])\r\n" +
        "\tby mx1.gateway.example with ESMTPS id 4QxyZ12AbC; Fri, 14 Mar 2025 09:00:00 +0100\r\n" +
        "From: Alice <alice@client.example.com>\r\n" +
        "To: Bob <bob@remote.example.net>\r\n" +
        "Subject: Quarterly numbers\r\n" +
        "Date: Fri, 14 Mar 2025 08:59:58 +0100\r\n" +
        $"Message-ID: <{OriginalMessageId}>\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=us-ascii\r\n" +
        "\r\n" +
        $"Hi Bob, the body says {BodyMarker}.\r\n" +
        "Regards, Alice\r\n";

    private static DsnRecipient Failed(string address = "bob@remote.example.net") => new(
        address, "failed", "5.1.1", "mx.remote.example.net", "smtp; 550 5.1.1 <bob@remote.example.net>: user unknown", Attempt);

    private static DsnRequest Request(
        IReadOnlyList<DsnRecipient>? recipients = null,
        string? original = null,
        byte[]? originalBytes = null,
        string sender = "alice@client.example.com",
        bool full = false,
        string? envelopeId = null) => new(
            ReportingMta,
            QueueId,
            sender,
            Arrival,
            recipients ?? [Failed()],
            originalBytes ?? Encoding.ASCII.GetBytes(original ?? OriginalText),
            full,
            envelopeId);

    /// <summary>Builds, serializes as it would go on the wire (CRLF), and parses the bytes back.</summary>
    private static (MimeMessage Parsed, byte[] Wire) BuildAndReparse(DsnRequest request)
    {
        var built = DsnBuilder.Build(request, new FixedTimeProvider(Now));
        Assert.NotNull(built);
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        using var output = new MemoryStream();
        built.WriteTo(options, output);
        var wire = output.ToArray();
        using var input = new MemoryStream(wire);
        return (MimeMessage.Load(input), wire);
    }

    private static MultipartReport Report(MimeMessage message) => Assert.IsType<MultipartReport>(message.Body);

    private static MessageDeliveryStatus StatusPart(MimeMessage message) => Assert.IsType<MessageDeliveryStatus>(Report(message)[1]);

    private static string HumanText(MimeMessage message) => Assert.IsType<TextPart>(Report(message)[0]).Text;

    private static MimeMessage Returned(MessagePart part)
    {
        Assert.NotNull(part.Message);
        return part.Message;
    }

    /// <summary>The raw body of the (single) part with this content type, exactly as on the wire.</summary>
    private static string RawPartBody(byte[] wire, string contentType)
    {
        var text = Encoding.Latin1.GetString(wire);
        var header = text.IndexOf("Content-Type: " + contentType + "\r\n", StringComparison.Ordinal);
        Assert.True(header >= 0, $"no {contentType} part");
        var bodyStart = text.IndexOf("\r\n\r\n", header, StringComparison.Ordinal) + 4;
        var bodyEnd = text.IndexOf("\r\n--", bodyStart, StringComparison.Ordinal);
        return text[bodyStart..bodyEnd];
    }

    [Fact]
    public void Top_level_is_multipart_report_with_delivery_status_report_type_and_three_parts_in_order()
    {
        var (parsed, wire) = BuildAndReparse(Request());

        var report = Report(parsed);
        Assert.Equal("multipart/report", report.ContentType.MimeType);
        Assert.Equal("delivery-status", report.ContentType.Parameters["report-type"]);
        Assert.Equal("delivery-status", report.ReportType);
        Assert.Equal(3, report.Count);
        Assert.Equal("text/plain", report[0].ContentType.MimeType);
        Assert.Equal("message/delivery-status", report[1].ContentType.MimeType);
        Assert.Equal("text/rfc822-headers", report[2].ContentType.MimeType);
        Assert.Equal("1.0", parsed.Headers[HeaderId.MimeVersion]);

        // On the wire: CRLF line endings, 7-bit clean, no over-long lines.
        var text = Encoding.Latin1.GetString(wire);
        Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty));
        Assert.All(wire, b => Assert.True(b < 0x80));
        Assert.All(text.Split("\r\n"), line => Assert.True(line.Length <= 998));
    }

    [Fact]
    public void Envelope_headers_identify_the_mailer_daemon_and_thread_to_the_original()
    {
        var (parsed, wire) = BuildAndReparse(Request());

        var from = Assert.IsType<MailboxAddress>(Assert.Single(parsed.From));
        Assert.Equal("MAILER-DAEMON@" + ReportingMta, from.Address);
        Assert.Equal("Mail Delivery System", from.Name);
        var to = Assert.IsType<MailboxAddress>(Assert.Single(parsed.To));
        Assert.Equal("alice@client.example.com", to.Address);
        Assert.Equal("Undelivered Mail Returned to Sender", parsed.Subject);
        Assert.Equal(Now, parsed.Date);
        Assert.EndsWith("@" + ReportingMta, parsed.MessageId);
        Assert.NotEqual(OriginalMessageId, parsed.MessageId);
        Assert.Equal("auto-replied", parsed.Headers["Auto-Submitted"]);
        Assert.Equal(OriginalMessageId, parsed.InReplyTo);
        Assert.Equal([OriginalMessageId], parsed.References.ToArray());
        Assert.Contains($"In-Reply-To: <{OriginalMessageId}>\r\n", Encoding.ASCII.GetString(wire));
    }

    [Fact]
    public void Envelope_sender_in_angle_brackets_is_accepted()
    {
        var (parsed, _) = BuildAndReparse(Request(sender: "<alice@client.example.com>"));

        Assert.Equal("alice@client.example.com", Assert.IsType<MailboxAddress>(Assert.Single(parsed.To)).Address);
    }

    [Fact]
    public void Each_build_gets_a_fresh_message_id()
    {
        var first = DsnBuilder.Build(Request(), new FixedTimeProvider(Now));
        var second = DsnBuilder.Build(Request(), new FixedTimeProvider(Now));

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.NotEqual(first.MessageId, second.MessageId);
    }

    [Fact]
    public void Original_without_message_id_gets_no_in_reply_to_or_references()
    {
        var original = OriginalText.Replace($"Message-ID: <{OriginalMessageId}>\r\n", string.Empty);

        var (parsed, _) = BuildAndReparse(Request(original: original));

        Assert.Null(parsed.InReplyTo);
        Assert.Empty(parsed.References);
        Assert.False(parsed.Headers.Contains(HeaderId.InReplyTo));
        Assert.False(parsed.Headers.Contains(HeaderId.References));
    }

    [Fact]
    public void Per_message_fields_report_our_mta_and_arrival_date()
    {
        var (parsed, _) = BuildAndReparse(Request());

        var groups = StatusPart(parsed).StatusGroups;
        Assert.Equal(2, groups.Count);
        var perMessage = groups[0];
        Assert.Equal("dns; " + ReportingMta, perMessage["Reporting-MTA"]);
        Assert.True(DateUtils.TryParse(perMessage["Arrival-Date"], out var arrival));
        Assert.Equal(Arrival, arrival);
        Assert.Equal(Arrival.Offset, arrival.Offset);
        Assert.False(perMessage.Contains("Original-Envelope-Id"));
    }

    [Fact]
    public void Original_envelope_id_is_reported_when_given()
    {
        var (parsed, _) = BuildAndReparse(Request(envelopeId: "QQ314159"));

        Assert.Equal("QQ314159", StatusPart(parsed).StatusGroups[0]["Original-Envelope-Id"]);
    }

    [Fact]
    public void Per_recipient_fields_for_a_permanent_failure()
    {
        var recipient = Failed() with { OriginalRecipient = "rfc822;Bob@Remote.Example.NET" };

        var (parsed, _) = BuildAndReparse(Request([recipient]));

        var fields = StatusPart(parsed).StatusGroups[1];
        Assert.Equal("rfc822; Bob@Remote.Example.NET", fields["Original-Recipient"]);
        Assert.Equal("rfc822; bob@remote.example.net", fields["Final-Recipient"]);
        Assert.Equal("failed", fields["Action"]);
        Assert.Equal("5.1.1", fields["Status"]);
        Assert.Equal("dns; mx.remote.example.net", fields["Remote-MTA"]);
        Assert.Equal("smtp; 550 5.1.1 <bob@remote.example.net>: user unknown", fields["Diagnostic-Code"]);
        Assert.True(DateUtils.TryParse(fields["Last-Attempt-Date"], out var lastAttempt));
        Assert.Equal(Attempt, lastAttempt);
    }

    [Fact]
    public void Bare_original_recipient_gets_rfc822_type()
    {
        var (parsed, _) = BuildAndReparse(Request([Failed() with { OriginalRecipient = "bob@remote.example.net" }]));

        Assert.Equal("rfc822; bob@remote.example.net", StatusPart(parsed).StatusGroups[1]["Original-Recipient"]);
    }

    [Fact]
    public void Unknown_optional_recipient_fields_are_omitted()
    {
        var recipient = new DsnRecipient("bob@remote.example.net", "failed", "5.4.4", RemoteMta: null, DiagnosticCode: null, LastAttempt: null);

        var (parsed, _) = BuildAndReparse(Request([recipient]));

        var fields = StatusPart(parsed).StatusGroups[1];
        Assert.Equal("rfc822; bob@remote.example.net", fields["Final-Recipient"]);
        Assert.Equal("5.4.4", fields["Status"]);
        Assert.False(fields.Contains("Original-Recipient"));
        Assert.False(fields.Contains("Remote-MTA"));
        Assert.False(fields.Contains("Diagnostic-Code"));
        Assert.False(fields.Contains("Last-Attempt-Date"));
    }

    [Fact]
    public void Diagnostic_without_type_prefix_is_labelled_smtp_and_remote_mta_prefix_is_not_doubled()
    {
        var recipient = Failed() with { RemoteMta = "dns; mx.remote.example.net", DiagnosticCode = "550 5.7.1 Relaying denied; go away" };

        var (parsed, _) = BuildAndReparse(Request([recipient]));

        var fields = StatusPart(parsed).StatusGroups[1];
        Assert.Equal("dns; mx.remote.example.net", fields["Remote-MTA"]);
        Assert.Equal("smtp; 550 5.7.1 Relaying denied; go away", fields["Diagnostic-Code"]);
    }

    [Fact]
    public void Multiline_or_hostile_diagnostic_cannot_inject_fields_and_long_replies_survive_folding()
    {
        var longTail = string.Join(' ', Enumerable.Repeat("blah", 60));
        var recipient = Failed() with { DiagnosticCode = "smtp; 550-5.1.1 first line\r\nAction: delivered\r\n550 5.1.1 " + longTail };

        var (parsed, _) = BuildAndReparse(Request([recipient]));

        var groups = StatusPart(parsed).StatusGroups;
        Assert.Equal(2, groups.Count);
        var fields = groups[1];
        Assert.Equal("failed", Assert.Single(fields, h => h.Field == "Action").Value);
        Assert.Equal("smtp; 550-5.1.1 first line Action: delivered 550 5.1.1 " + longTail, fields["Diagnostic-Code"]);
    }

    [Fact]
    public void Non_ascii_diagnostic_is_kept_ascii_in_machine_part_but_readable_in_human_part()
    {
        var recipient = Failed() with { DiagnosticCode = "smtp; 550 5.1.1 Empfänger unbekannt" };

        var (parsed, wire) = BuildAndReparse(Request([recipient]));

        Assert.Equal("smtp; 550 5.1.1 Empf?nger unbekannt", StatusPart(parsed).StatusGroups[1]["Diagnostic-Code"]);
        Assert.Contains("Empfänger unbekannt", HumanText(parsed));
        Assert.All(wire, b => Assert.True(b < 0x80));
    }

    [Fact]
    public void Non_ascii_final_recipient_uses_rfc6533_utf8_address_type()
    {
        var recipient = Failed("jörg+tag@bücher.example");

        var (parsed, _) = BuildAndReparse(Request([recipient]));

        Assert.Equal(@"utf-8; j\x{F6}rg\x{2B}tag@b\x{FC}cher.example", StatusPart(parsed).StatusGroups[1]["Final-Recipient"]);
        Assert.Contains("<jörg+tag@bücher.example>", HumanText(parsed));
    }

    [Fact]
    public void Human_readable_part_explains_a_permanent_failure_with_the_remote_reply_and_queue_id()
    {
        var (parsed, _) = BuildAndReparse(Request());

        var text = HumanText(parsed);
        Assert.Contains(ReportingMta, text);
        Assert.Contains(QueueId, text);
        Assert.Contains("<bob@remote.example.net>", text);
        Assert.Contains("failed permanently", text);
        Assert.Contains("will NOT be retried", text);
        Assert.Contains("5.1.1 (the recipient's mailbox does not exist)", text);
        Assert.Contains("The remote server mx.remote.example.net said: 550 5.1.1 <bob@remote.example.net>: user unknown", text);
        Assert.DoesNotContain("smtp;", text);
        Assert.DoesNotContain("keep trying", text);
    }

    [Fact]
    public void Only_headers_of_the_original_are_returned_by_default()
    {
        var (parsed, wire) = BuildAndReparse(Request());

        var part = Assert.IsType<TextRfc822Headers>(Report(parsed)[2]);
        Assert.Equal("text/rfc822-headers", part.ContentType.MimeType);
        var returned = Returned(part);
        Assert.Equal("Quarterly numbers", returned.Subject);
        Assert.Equal(OriginalMessageId, returned.MessageId);
        Assert.Equal("<alice@client.example.com>", returned.Headers[HeaderId.ReturnPath]);
        var content = RawPartBody(wire, "text/rfc822-headers");
        Assert.StartsWith("Return-Path: <alice@client.example.com>\r\nReceived: from client.example.com", content);
        Assert.Contains("\tby mx1.gateway.example with ESMTPS id 4QxyZ12AbC;", content);
        Assert.DoesNotContain(BodyMarker, Encoding.ASCII.GetString(wire));
        Assert.Contains("headers of your original message", HumanText(parsed));
    }

    [Fact]
    public void Full_original_is_returned_as_message_rfc822_when_requested()
    {
        var (parsed, _) = BuildAndReparse(Request(full: true));

        var part = Assert.IsType<MessagePart>(Report(parsed)[2]);
        Assert.Equal("message/rfc822", part.ContentType.MimeType);
        Assert.Equal("Quarterly numbers", Returned(part).Subject);
        Assert.Equal(OriginalMessageId, Returned(part).MessageId);
        Assert.Contains(BodyMarker, Returned(part).TextBody);
        Assert.Contains("Your original message is attached", HumanText(parsed));
    }

    [Theory]
    [InlineData("<>")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("< >")]
    public void Null_sender_gets_no_dsn(string sender)
    {
        Assert.Null(DsnBuilder.Build(Request(sender: sender), new FixedTimeProvider(Now)));
    }

    [Fact]
    public void Mixed_actions_report_every_recipient_in_order_with_its_own_fields()
    {
        var recipients = new[]
        {
            Failed("bob@remote.example.net"),
            new DsnRecipient("carol@slow.example.org", "delayed", "4.4.1", "mx.slow.example.org", "smtp; 421 4.4.1 try again later", Attempt),
            new DsnRecipient("dave@ok.example.org", "delivered", "2.0.0", "mx.ok.example.org", "smtp; 250 2.0.0 OK queued as 99", Attempt),
        };

        var (parsed, _) = BuildAndReparse(Request(recipients));

        Assert.Equal("Undelivered Mail Returned to Sender", parsed.Subject);
        var groups = StatusPart(parsed).StatusGroups;
        Assert.Equal(4, groups.Count);
        Assert.Equal(
            [
                ("rfc822; bob@remote.example.net", "failed", "5.1.1", "dns; mx.remote.example.net"),
                ("rfc822; carol@slow.example.org", "delayed", "4.4.1", "dns; mx.slow.example.org"),
                ("rfc822; dave@ok.example.org", "delivered", "2.0.0", "dns; mx.ok.example.org"),
            ],
            groups.Skip(1).Select(g => (g["Final-Recipient"], g["Action"], g["Status"], g["Remote-MTA"])).ToArray());
        Assert.Equal("smtp; 421 4.4.1 try again later", groups[2]["Diagnostic-Code"]);

        var text = HumanText(parsed);
        var failedAt = text.IndexOf("failed permanently", StringComparison.Ordinal);
        var delayedAt = text.IndexOf("keep trying", StringComparison.Ordinal);
        var deliveredAt = text.IndexOf("successfully delivered", StringComparison.Ordinal);
        Assert.True(failedAt >= 0 && delayedAt > failedAt && deliveredAt > delayedAt, text);
        Assert.True(text.IndexOf("<bob@remote.example.net>", StringComparison.Ordinal) is var b && b > failedAt && b < delayedAt, text);
        Assert.True(text.IndexOf("<carol@slow.example.org>", StringComparison.Ordinal) is var c && c > delayedAt && c < deliveredAt, text);
        Assert.True(text.IndexOf("<dave@ok.example.org>", StringComparison.Ordinal) > deliveredAt, text);
        Assert.Contains("421 4.4.1 try again later", text);
    }

    [Fact]
    public void All_delayed_uses_the_delay_subject_and_says_it_is_still_being_retried()
    {
        var recipients = new[]
        {
            new DsnRecipient("carol@slow.example.org", "delayed", "4.4.1", "mx.slow.example.org", "smtp; 421 4.4.1 try again later", Attempt),
            new DsnRecipient("erin@slow.example.org", "Delayed", "4.2.2", null, null, null),
        };

        var (parsed, _) = BuildAndReparse(Request(recipients));

        Assert.Equal("Delayed Mail (still being retried)", parsed.Subject);
        Assert.Equal("auto-replied", parsed.Headers["Auto-Submitted"]);
        Assert.All(StatusPart(parsed).StatusGroups.Skip(1), g => Assert.Equal("delayed", g["Action"]));
        var text = HumanText(parsed);
        Assert.Contains("keep trying", text);
        Assert.Contains("do not need to send it again", text);
        Assert.DoesNotContain("failed permanently", text);
    }

    public static TheoryData<string, byte[]> MalformedOriginals => new()
    {
        { "empty", [] },
        { "truncated mid-header, no blank line", Encoding.ASCII.GetBytes("From: alice@client.example.com\r\nSubject: cut of") },
        { "body text, no header syntax", Encoding.ASCII.GetBytes("just some text\r\nwithout any headers at all\r\n\r\nmore text\r\n") },
        { "binary garbage with NUL and 8-bit bytes", [0x00, 0xFF, 0xFE, (byte)':', 0x0D, 0x0A, 0x80, 0x81, 0x00, 0x0A, 0x0A, 0x42] },
        { "starts with a blank line", Encoding.ASCII.GetBytes("\r\nSubject: this is body\r\n") },
        { "bare LF and broken continuation", Encoding.ASCII.GetBytes(" leading continuation\nSubject: lf only\n: no field name\nX-Ok: yes\n\nbody\n") },
        { "mbox From_ line", Encoding.ASCII.GetBytes("From alice@client.example.com Fri Mar 14 09:00:00 2025\nSubject: mbox\n\nbody\n") },
        { "truncated multipart", Encoding.ASCII.GetBytes("Subject: mp\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\npartial") },
    };

    [Theory]
    [MemberData(nameof(MalformedOriginals))]
    public void Malformed_or_truncated_original_still_yields_a_parseable_dsn(string description, byte[] original)
    {
        foreach (var full in new[] { false, true })
        {
            var (parsed, _) = BuildAndReparse(Request(originalBytes: original, full: full));

            var report = Report(parsed);
            Assert.True(report.Count == 3, description);
            Assert.Equal("rfc822; bob@remote.example.net", StatusPart(parsed).StatusGroups[1]["Final-Recipient"]);
            Assert.Contains(report[2].ContentType.MimeType, new[] { "text/rfc822-headers", "message/rfc822" });
            if (!full)
            {
                Assert.Equal("text/rfc822-headers", report[2].ContentType.MimeType);
            }
        }
    }

    [Fact]
    public void Raw_8bit_original_headers_are_returned_and_declared_8bit()
    {
        var original = Encoding.UTF8.GetBytes("From: jörg@client.example.com\r\nSubject: Grüße\r\n\r\nBody äöü\r\n");

        foreach (var full in new[] { false, true })
        {
            var (parsed, _) = BuildAndReparse(Request(originalBytes: original, full: full));

            var part = Assert.IsAssignableFrom<MessagePart>(Report(parsed)[2]);
            Assert.Equal(full ? "message/rfc822" : "text/rfc822-headers", part.ContentType.MimeType);
            Assert.Equal("8bit", part.Headers[HeaderId.ContentTransferEncoding]);
            Assert.Equal("Grüße", Returned(part).Subject);
        }
    }

    [Fact]
    public void Truncated_header_section_is_returned_as_far_as_it_goes()
    {
        var original = Encoding.ASCII.GetBytes("From: alice@client.example.com\r\nSubject: cut of");

        var (parsed, wire) = BuildAndReparse(Request(originalBytes: original));

        var part = Assert.IsType<TextRfc822Headers>(Report(parsed)[2]);
        Assert.Equal("alice@client.example.com", Assert.IsType<MailboxAddress>(Assert.Single(Returned(part).From)).Address);
        Assert.Equal("cut of", Returned(part).Subject);
        Assert.Null(parsed.InReplyTo);
    }

    [Fact]
    public void Header_section_ends_at_the_first_blank_line_even_with_bare_lf()
    {
        var original = Encoding.ASCII.GetBytes("Subject: lf only\nMessage-ID: <lf@client.example.com>\n\n" + BodyMarker + "\nX-Not-A-Header: body\n");

        var (parsed, wire) = BuildAndReparse(Request(originalBytes: original));

        var part = Assert.IsType<TextRfc822Headers>(Report(parsed)[2]);
        Assert.Equal("lf only", Returned(part).Subject);
        Assert.False(Returned(part).Headers.Contains("X-Not-A-Header"));
        Assert.DoesNotContain(BodyMarker, Encoding.ASCII.GetString(wire));
        Assert.Equal("lf@client.example.com", parsed.InReplyTo);
    }

    [Fact]
    public void Garbage_header_section_is_returned_verbatim()
    {
        var original = Encoding.ASCII.GetBytes("this is not a header\r\nneither is this\r\n\r\n" + BodyMarker);

        var (parsed, wire) = BuildAndReparse(Request(originalBytes: original));

        var content = RawPartBody(wire, "text/rfc822-headers");
        Assert.Contains("this is not a header\r\nneither is this\r\n", content);
        Assert.DoesNotContain(BodyMarker, Encoding.ASCII.GetString(wire));
    }

    [Fact]
    public void Oversized_header_section_is_capped()
    {
        var huge = new StringBuilder("Subject: big\r\n");
        for (var i = 0; huge.Length < 300 * 1024; i++)
        {
            huge.Append("X-Filler-").Append(i).Append(": ").Append('x', 60).Append("\r\n");
        }

        var (parsed, wire) = BuildAndReparse(Request(original: huge.Append("\r\nbody\r\n").ToString()));

        var part = Assert.IsType<TextRfc822Headers>(Report(parsed)[2]);
        Assert.Equal("big", Returned(part).Subject);
        Assert.True(wire.Length < 120 * 1024, $"DSN is {wire.Length} bytes");
    }

    [Theory]
    [InlineData("5.1")]
    [InlineData("5.1.1.1")]
    [InlineData("6.1.1")]
    [InlineData("3.0.0")]
    [InlineData("x.1.1")]
    [InlineData("5.1000.1")]
    [InlineData("5.1.1000")]
    [InlineData("5..1")]
    [InlineData("5.1.")]
    [InlineData(" 5.1.1")]
    [InlineData("5.1.1 ")]
    [InlineData("550")]
    [InlineData("")]
    [InlineData("5.\u0661.1")] // ARABIC-INDIC DIGIT ONE: char.IsDigit says yes, RFC 3463 says no
    public void Invalid_status_code_is_rejected_naming_the_value(string status)
    {
        var recipient = Failed() with { Status = status };

        var ex = Assert.Throws<ArgumentException>(() => DsnBuilder.Build(Request([recipient]), new FixedTimeProvider(Now)));

        Assert.Contains($"'{status}'", ex.Message);
        Assert.Contains("bob@remote.example.net", ex.Message);
    }

    [Fact]
    public void Invalid_status_is_rejected_even_for_a_null_sender()
    {
        var recipient = Failed() with { Status = "5.1" };

        Assert.Throws<ArgumentException>(() => DsnBuilder.Build(Request([recipient], sender: "<>"), new FixedTimeProvider(Now)));
    }

    [Theory]
    [InlineData("2.0.0")]
    [InlineData("4.999.999")]
    [InlineData("5.7.26")]
    public void Valid_status_codes_at_the_edges_are_accepted(string status)
    {
        var (parsed, _) = BuildAndReparse(Request([Failed() with { Status = status }]));

        Assert.Equal(status, StatusPart(parsed).StatusGroups[1]["Status"]);
    }

    [Theory]
    [InlineData("bounced")]
    [InlineData("")]
    public void Unknown_action_is_rejected(string action)
    {
        var ex = Assert.Throws<ArgumentException>(() => DsnBuilder.Build(Request([Failed() with { Action = action }]), new FixedTimeProvider(Now)));

        Assert.Contains($"'{action}'", ex.Message);
    }

    [Fact]
    public void Recipient_address_with_line_break_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => DsnBuilder.Build(Request([Failed("bob@remote.example.net\r\nBcc: x@y")]), new FixedTimeProvider(Now)));
    }

    [Fact]
    public void No_recipients_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => DsnBuilder.Build(Request([]), new FixedTimeProvider(Now)));
    }

    [Fact]
    public void Unparsable_envelope_sender_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => DsnBuilder.Build(Request(sender: "a@b, c@d"), new FixedTimeProvider(Now)));

        Assert.Contains("'a@b, c@d'", ex.Message);
    }
}
