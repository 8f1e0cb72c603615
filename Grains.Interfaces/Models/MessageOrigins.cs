namespace Smgw.Interfaces.Models;

/// <summary>Values of <see cref="MessageEnvelope.GeneratedBy"/>.</summary>
public static class MessageOrigins
{
    /// <summary>A Messenger notification or one-time code: no message content, delivered without the policy stage.</summary>
    public const string Messenger = "messenger";
}
