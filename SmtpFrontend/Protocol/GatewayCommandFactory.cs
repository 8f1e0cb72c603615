using SmtpServer;
using SmtpServer.Protocol;

namespace Smgw.SmtpFrontend.Protocol;

/// <summary>
/// EHLO without AUTH (no authenticator is offered) and with our own SIZE: SmtpServer's built-in
/// size check answers without an enhanced status code, so the limit is enforced by the gateway's
/// mailbox filter (552 5.3.4) and only advertised here. ENHANCEDSTATUSCODES (RFC 2034) is not
/// advertised: every refusal carries one, but SmtpServer's fixed "250 Ok" replies do not.
/// </summary>
public sealed class GatewayCommandFactory(int maxMessageSize) : SmtpCommandFactory
{
    public override SmtpCommand CreateEhlo(string domainOrAddress) => new GatewayEhloCommand(domainOrAddress, maxMessageSize);

    private sealed class GatewayEhloCommand(string domainOrAddress, int maxMessageSize) : EhloCommand(domainOrAddress)
    {
        protected override string GetGreeting(ISessionContext context) =>
            $"{context.ServerOptions.ServerName} Hello {DomainOrAddress}";

        protected override IEnumerable<string> GetExtensions(ISessionContext context) =>
            base.GetExtensions(context)
                .Where(e => !e.StartsWith("AUTH", StringComparison.Ordinal) && !e.StartsWith("SIZE", StringComparison.Ordinal))
                .Append($"SIZE {maxMessageSize}");
    }
}
