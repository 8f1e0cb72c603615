namespace Smgw.Grains.Delivery;

public enum OutcomeKind
{
    Delivered,
    /// <summary>4xx or a connection problem: try again later.</summary>
    Temporary,
    /// <summary>5xx: bounce.</summary>
    Permanent,
}
