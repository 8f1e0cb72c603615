using SmtpServer;
using SmtpServer.Authentication;

namespace Smgw.SmtpFrontend.Protocol;

/// <summary>
/// SmtpServer's default authenticator says yes to anyone. The gateway authorises by relay address
/// and TLS, not by AUTH, so every AUTH attempt fails (535) until a real authenticator exists.
/// </summary>
public sealed class NoAuthentication : IUserAuthenticator
{
    public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken) =>
        Task.FromResult(false);
}
