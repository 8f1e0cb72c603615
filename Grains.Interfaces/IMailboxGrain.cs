using Smgw.Interfaces.Models;

namespace Smgw.Interfaces;

/// <summary>One e-mail address; key: the address in lower case.</summary>
[Alias("smgw.IMailboxGrain")]
public interface IMailboxGrain : IGrainWithStringKey
{
    [Alias("Configure")] Task<MailboxConfig> ConfigureAsync(MailboxConfig config);
    [Alias("Get")] Task<MailboxConfig?> GetAsync();
    /// <summary>Deletes the mailbox (the API records the audited deletion first).</summary>
    [Alias("Remove")] Task RemoveAsync();
}
