namespace Smgw.Interfaces.Messenger;

/// <summary>The answer to a login or registration attempt. Unknown accounts answer <see cref="Failed"/>, like wrong passwords.</summary>
public enum MessengerLoginResult
{
    Ok = 0,
    Failed = 1,
    LockedOut = 2,
}
