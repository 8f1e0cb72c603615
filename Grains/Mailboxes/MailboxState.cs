using Smgw.Interfaces.Models;

namespace Smgw.Grains.Mailboxes;

[GenerateSerializer, Alias("smgw.MailboxState")]
public sealed class MailboxState
{
    [Id(0)] public MailboxConfig? Config { get; set; }
}
