using MimeKit;

namespace Smgw.Tests.Crypto;

internal static class TestMessages
{
    public const string Text = "Hello Bob,\r\n\r\nGrüße aus Köln, the invoice is 1.000 € net.\r\nFrom here on, a line that starts with From.\r\n\r\nAlice\r\n";

    public static readonly byte[] Attachment = CreateAttachment();

    /// <summary>multipart/mixed: multipart/alternative (text + HTML) and a binary PDF-like attachment.</summary>
    public static MimeMessage Create(string from = "alice@example.org", string to = "bob@example.net")
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = "Quarterly figures – vertraulich";
        message.MessageId = "figures-1@example.org";
        message.Headers.Add("X-Tenant-Trace", "kept-as-is");
        var builder = new BodyBuilder { TextBody = Text, HtmlBody = "<p>Hello Bob, Grüße aus Köln.</p>" };
        builder.Attachments.Add("figures.pdf", Attachment, new ContentType("application", "pdf"));
        message.Body = builder.ToMessageBody();
        return message;
    }

    public static MimeMessage Roundtrip(MimeMessage message, NewLineFormat newLine = NewLineFormat.Unix)
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = newLine;
        using var memory = new MemoryStream();
        message.WriteTo(options, memory);
        memory.Position = 0;
        return MimeMessage.Load(memory);
    }

    public static byte[] ToBytes(MimeMessage message)
    {
        using var memory = new MemoryStream();
        message.WriteTo(memory);
        return memory.ToArray();
    }

    /// <summary>The first text/plain body, with CRLF line ends (MIME canonical form) whatever the transport used.</summary>
    public static string TextOf(MimeEntity entity)
        => entity is TextPart { IsPlain: true } text ? text.Text.ReplaceLineEndings("\r\n")
            : entity is Multipart multipart ? multipart.Select(TextOf).FirstOrDefault(t => t.Length > 0) ?? ""
            : "";

    public static byte[]? AttachmentOf(MimeEntity entity)
    {
        foreach (var part in entity is Multipart m ? m.OfType<MimeEntity>() : [entity])
        {
            if (part is MimePart { IsAttachment: true } attachment)
            {
                using var memory = new MemoryStream();
                attachment.Content!.DecodeTo(memory);
                return memory.ToArray();
            }

            if (part is Multipart && AttachmentOf(part) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }

    private static byte[] CreateAttachment()
    {
        var bytes = new byte[3000];
        new Random(42).NextBytes(bytes);
        return bytes;
    }
}
