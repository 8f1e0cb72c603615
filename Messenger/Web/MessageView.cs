using Ganss.Xss;
using MimeKit;

namespace Smgw.Messenger.Web;

/// <summary>
/// A stored message prepared for the browser: the text, or the HTML sanitised (no scripts, no
/// event handlers, no remote images or other remote content), and the attachments.
/// </summary>
public sealed class MessageView
{
    public required MimeMessage Message { get; init; }
    public string? Text { get; init; }
    public string? SafeHtml { get; init; }
    public bool RemoteContentBlocked { get; init; }
    public required IReadOnlyList<MimeEntity> Attachments { get; init; }

    public static MessageView Parse(byte[] mime)
    {
        using var stream = new MemoryStream(mime, writable: false);
        var message = MimeMessage.Load(stream);
        string? html = null;
        var blocked = false;
        if (message.HtmlBody is { } raw)
        {
            (html, blocked) = Sanitize(raw);
        }
        return new MessageView
        {
            Message = message,
            Text = message.TextBody,
            SafeHtml = html,
            RemoteContentBlocked = blocked,
            Attachments = message.Attachments.ToList(),
        };
    }

    public static (string Html, bool Blocked) Sanitize(string html)
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto", "data"]);
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedCssProperties.Clear();
        var blocked = false;
        sanitizer.FilterUrl += (_, e) =>
        {
            // Links may stay (the user decides to follow them); anything loaded by itself must not leave the Messenger.
            var isLink = e.Tag.LocalName == "a";
            if (!isLink && !(e.OriginalUrl?.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase) ?? false))
            {
                e.SanitizedUrl = null;
                blocked = true;
            }
        };
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link)
            {
                link.SetAttribute("rel", "noopener noreferrer");
                link.SetAttribute("target", "_blank");
            }
        };
        var safe = sanitizer.Sanitize(html);
        return (safe, blocked);
    }

    public static string FileName(MimeEntity entity, int index) =>
        (entity as MimePart)?.FileName ?? (entity is MessagePart ? $"message-{index + 1}.eml" : $"attachment-{index + 1}");

    public static byte[] Content(MimeEntity entity)
    {
        using var buffer = new MemoryStream();
        switch (entity)
        {
            case MimePart part:
                part.Content?.DecodeTo(buffer);
                break;
            case MessagePart message:
                message.Message?.WriteTo(buffer);
                break;
        }
        return buffer.ToArray();
    }
}
