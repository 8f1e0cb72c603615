namespace Smgw.Interfaces.Models;

[GenerateSerializer, Alias("smgw.RecipientState")]
public enum RecipientState
{
    Pending = 0,
    Deferred = 1,
    Delivered = 2,
    Bounced = 3,
    Deleted = 4,
}
