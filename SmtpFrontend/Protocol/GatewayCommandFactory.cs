using SmtpServer;
using SmtpServer.Protocol;

namespace Smgw.SmtpFrontend.Protocol;

/// <summary>EHLO without AUTH (no authenticator is offered) and with ENHANCEDSTATUSCODES (RFC 2034), which every reply uses.</summary>
public sealed class GatewayCommandFactory : SmtpCommandFactory
{
    public override SmtpCommand CreateEhlo(string domainOrAddress) => new GatewayEhloCommand(domainOrAddress);

    private sealed class GatewayEhloCommand(string domainOrAddress) : EhloCommand(domainOrAddress)
    {
        protected override string GetGreeting(ISessionContext context) =>
            $"{context.ServerOptions.ServerName} Hello {DomainOrAddress}";

        protected override IEnumerable<string> GetExtensions(ISessionContext context) =>
            base.GetExtensions(context)
                .Where(e => !e.StartsWith("AUTH", StringComparison.Ordinal))
                .Append("ENHANCEDSTATUSCODES");
    }
}
