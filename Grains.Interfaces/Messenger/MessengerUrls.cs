using Smgw.Interfaces.Net;

namespace Smgw.Interfaces.Messenger;

/// <summary>The checks of <c>Smgw:Messenger:Listen</c> and <c>PublicUrl</c>, shared by the web side and the silo side.</summary>
public static class MessengerUrls
{
    public const int DefaultPort = 8480;

    public static IEnumerable<string> Problems(string? listen, string? publicUrl, bool hasCertificate)
    {
        if (!WebListen.TryParse(listen, DefaultPort, hasCertificate, out var parsed, out var error))
        {
            yield return $"Smgw:Messenger:Listen '{listen}' {error}.";
        }
        if (!string.IsNullOrWhiteSpace(publicUrl))
        {
            if (!Uri.TryCreate(publicUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                yield return $"Smgw:Messenger:PublicUrl '{publicUrl}' must be an absolute http(s) URL such as https://messenger.example.org.";
            }
        }
        else if (parsed is { AllAddresses: true })
        {
            yield return $"Smgw:Messenger:PublicUrl must be set: Smgw:Messenger:Listen '{listen}' binds every address, so the links in notices need the name recipients reach the Messenger at.";
        }
    }
}
