using System.Globalization;
using MimeKit;
using Smgw.Interfaces.Messenger;

namespace Smgw.Grains.Messenger;

/// <summary>The mail the Messenger writes: notifications (no message content), one-time codes, and replies.</summary>
public static class MessengerMail
{
    public static readonly MessengerText DefaultGerman = new()
    {
        Language = "de",
        Subject = "Sichere Nachricht von {sender}",
        Body = "Guten Tag,\n\n{sender} hat Ihnen eine vertrauliche Nachricht geschickt. Da für Ihre Adresse kein Schlüssel vorliegt, "
             + "liegt sie für Sie im SMGW Messenger bereit:\n\n{link}\n\nBeim ersten Besuch bestätigen Sie Ihre Adresse mit einem Code "
             + "und legen ein Passwort fest. Die Nachricht wird am {expires} gelöscht.\n\nDiese Mail enthält keinen Inhalt der Nachricht. "
             + "Geben Sie Ihr Passwort nur auf der Seite des Messengers ein.",
    };

    public static readonly MessengerText DefaultEnglish = new()
    {
        Language = "en",
        Subject = "Secure message from {sender}",
        Body = "Hello,\n\n{sender} has sent you a confidential message. As there is no key for your address, it is waiting for you "
             + "in the SMGW Messenger:\n\n{link}\n\nOn your first visit you confirm your address with a code and choose a password. "
             + "The message will be deleted on {expires}.\n\nThis mail contains none of the message's content. "
             + "Enter your password only on the Messenger's page.",
    };

    /// <summary>The tenant's text for the sender's domain and a language, else its "*" text, else the built-in one.</summary>
    public static MessengerText TextFor(MessengerSettings settings, string senderDomain, string language)
    {
        var domain = senderDomain.ToLowerInvariant();
        return settings.Texts.FirstOrDefault(t => t.Domain == domain && t.Language == language)
            ?? settings.Texts.FirstOrDefault(t => t.Domain == "*" && t.Language == language)
            ?? (language == "de" ? DefaultGerman : DefaultEnglish);
    }

    /// <summary>The notification: German and English text (CL-14), the link, no content of the message.</summary>
    public static MimeMessage Notification(MessengerSettings settings, string from, string sender, string recipient, string link, DateTimeOffset expires)
    {
        var domain = sender[(sender.LastIndexOf('@') + 1)..];
        var german = TextFor(settings, domain, "de");
        var english = TextFor(settings, domain, "en");
        string Fill(string text, CultureInfo culture) => text
            .Replace("{link}", link, StringComparison.Ordinal)
            .Replace("{sender}", sender, StringComparison.Ordinal)
            .Replace("{expires}", expires.UtcDateTime.ToString("d", culture), StringComparison.Ordinal);
        var de = CultureInfo.GetCultureInfo("de-DE");
        var en = CultureInfo.GetCultureInfo("en-GB");
        var subject = Fill(german.Subject, de) + " / " + Fill(english.Subject, en);
        var body = Fill(german.Body, de) + "\n\n-- English --\n\n" + Fill(english.Body, en) + "\n";
        return Build(from, recipient, subject, body);
    }

    public static MimeMessage Code(string from, string to, string recipient, string code, bool forSender) => Build(from, to,
        forSender ? $"Messenger-Code für / code for {recipient}" : "Ihr Messenger-Code / Your Messenger code",
        forSender
            ? $"{recipient} möchte eine vertrauliche Nachricht von Ihnen im SMGW Messenger lesen. Bitte geben Sie diesen Code auf einem anderen Weg "
              + $"(z. B. telefonisch) weiter, nicht per Mail:\n\n    {code}\n\n"
              + $"{recipient} wants to read a confidential message from you in the SMGW Messenger. Please pass on this code by another channel "
              + $"(e.g. by phone), not by mail:\n\n    {code}\n"
            : $"Ihr Code für den SMGW Messenger:\n\n    {code}\n\nYour code for the SMGW Messenger:\n\n    {code}\n\n"
              + "Wenn Sie keinen Code angefordert haben, ignorieren Sie diese Mail. / If you did not ask for a code, ignore this mail.\n");

    /// <summary>The recipient's reply to the sender, as a plain MIME message with the attachments.</summary>
    public static MimeMessage Reply(MimeMessage original, string from, string to, MessengerReply reply)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        var subject = original.Subject ?? "";
        message.Subject = subject.StartsWith("Re:", StringComparison.OrdinalIgnoreCase) ? subject : "Re: " + subject;
        if (original.MessageId is { } id)
        {
            message.InReplyTo = id;
            message.References.AddRange(original.References);
            message.References.Add(id);
        }
        message.Headers.Add("X-SMGW-Messenger", "reply");
        var builder = new BodyBuilder { TextBody = reply.Text };
        foreach (var attachment in reply.Attachments)
        {
            builder.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }
        message.Body = builder.ToMessageBody();
        message.Prepare(EncodingConstraint.SevenBit);
        return message;
    }

    private static MimeMessage Build(string from, string to, string subject, string text)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("SMGW Messenger", from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new TextPart("plain") { Text = text };
        message.Prepare(EncodingConstraint.SevenBit);
        return message;
    }
}
