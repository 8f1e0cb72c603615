using Smgw.Interfaces.Directory;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Smgw.SmtpFrontend.Protocol;

/// <summary>
/// MAIL FROM and RCPT TO decisions. Tenant-facing: STARTTLS first (530 5.7.0), a registered relay
/// address, and a sender in that tenant's own domains (seed CL-2, CL-3). Internet-facing: recipients
/// only in tenant domains (no open relay), senders in tenant domains refused (anti-spoofing).
/// </summary>
public sealed class GatewayMailboxFilter(ListenerKind kind, TenantDirectory directory, SmtpOptions options) : IMailboxFilter
{
    public async Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
    {
        var facts = SessionFacts.Of(context);
        facts.ResetTransaction();

        if (size > options.MaxMessageSize)
        {
            throw Refuse(Replies.TooBig(options.MaxMessageSize));
        }

        if (kind == ListenerKind.Tenant)
        {
            if (!context.Pipe.IsSecure)
            {
                throw Refuse(Replies.StartTlsRequired);
            }
            facts.RelayTenant ??= await Lookup(() => directory.FindByRelayAsync(facts.RemoteAddress, cancellationToken));
            if (facts.RelayTenant is null)
            {
                throw Refuse(Replies.NotARelay(facts.RemoteAddress.ToString()));
            }
        }

        if (AddressRules.IsNullSender(from))
        {
            facts.Sender = "";
            return true;
        }
        if (!AddressRules.TryNormalize(from, out var sender, out var error))
        {
            throw Refuse(Replies.BadSenderSyntax(AddressRules.Display(from), error));
        }

        // Tenant listener: exactly one of the relay tenant's domains (a subdomain is not the domain).
        // Internet listener: no sender in a tenant's domain or under it (anti-spoofing, CL-3).
        var senderTenant = kind == ListenerKind.Tenant
            ? await Lookup(() => directory.FindByDomainAsync(AddressRules.Domain(sender), cancellationToken))
            : await Lookup(() => directory.FindByDomainOrParentAsync(AddressRules.Domain(sender), cancellationToken));
        if (kind == ListenerKind.Tenant && senderTenant?.Id != facts.RelayTenant!.Id)
        {
            throw Refuse(Replies.SenderNotOwnDomain(sender, facts.RelayTenant.Id));
        }
        if (kind == ListenerKind.Internet && senderTenant is not null)
        {
            throw Refuse(Replies.Spoofed(sender));
        }

        facts.Sender = sender;
        return true;
    }

    public async Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
    {
        var facts = SessionFacts.Of(context);
        if (!AddressRules.TryNormalize(to, out var recipient, out var error))
        {
            throw Refuse(Replies.BadAddressSyntax(AddressRules.Display(to), error));
        }
        if (facts.Recipients.Count >= options.MaxRecipients)
        {
            throw Refuse(Replies.TooManyRecipients);
        }

        if (kind == ListenerKind.Internet)
        {
            var tenant = await Lookup(() => directory.FindByDomainAsync(AddressRules.Domain(recipient), cancellationToken));
            if (tenant is null)
            {
                throw Refuse(Replies.RelayDenied(recipient));
            }
            if (facts.RecipientTenant is not null && facts.RecipientTenant.Id != tenant.Id)
            {
                throw Refuse(Replies.OtherTenant);
            }
            facts.RecipientTenant = tenant;
        }

        facts.Recipients.Add(recipient);
        return true;
    }

    private static SmtpResponseException Refuse(SmtpResponse response) => new(response);

    private static async Task<T> Lookup<T>(Func<ValueTask<T>> lookup)
    {
        try
        {
            return await lookup();
        }
        catch (Exception ex) when (ex is not SmtpResponseException and not OperationCanceledException)
        {
            throw Refuse(Replies.DirectoryUnavailable);
        }
    }
}
