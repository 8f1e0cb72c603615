using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy.Decisions;

/// <summary>The fields of one direction's policy for one address, each with its origin, and the steps that set them.</summary>
internal sealed class Resolution(string subject)
{
    public string Subject { get; } = subject;
    public Dictionary<string, (object Value, FieldOrigin Origin)> Fields { get; } = new(StringComparer.Ordinal);
    public List<TraceStep> Steps { get; } = [];
    public List<string> Errors { get; } = [];

    public T Get<T>(string field) => (T)Fields[field].Value;
}
