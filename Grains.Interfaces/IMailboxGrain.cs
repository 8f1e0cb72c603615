using Smgw.Interfaces.Models;

namespace Smgw.Interfaces;

/// <summary>One e-mail address; key: the address in lower case.</summary>
[Alias("smgw.IMailboxGrain")]
public interface IMailboxGrain : IGrainWithStringKey
{
    [Alias("Configure")] Task<MailboxConfig> ConfigureAsync(MailboxConfig config);
    [Alias("Get")] Task<MailboxConfig?> GetAsync();
    /// <summary>Deletes the mailbox (the audited deletion API, offboarding) and takes it out of its tenant's index.</summary>
    [Alias("Remove")] Task RemoveAsync();
}
