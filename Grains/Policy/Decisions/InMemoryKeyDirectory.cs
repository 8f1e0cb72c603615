using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy.Decisions;

/// <summary>
/// A key directory from a list of answers: for tests, for dry runs against a snapshot, and for the
/// policy stage, which looks the message's keys up in the key grains first and hands them over.
/// </summary>
public sealed class InMemoryKeyDirectory : IKeyDirectory
{
    private readonly Dictionary<(KeyPurpose, string), KeyStatus> _keys = [];

    public InMemoryKeyDirectory(IEnumerable<KeyStatus>? keys = null)
    {
        foreach (var key in keys ?? [])
        {
            Add(key);
        }
    }

    /// <summary>Adds or replaces the answer for the key's purpose and owner.</summary>
    public InMemoryKeyDirectory Add(KeyStatus key)
    {
        _keys[(key.Purpose, key.Owner.Trim().ToLowerInvariant())] = key;
        return this;
    }

    public KeyStatus Find(KeyPurpose purpose, string owner) =>
        _keys.TryGetValue((purpose, owner.Trim().ToLowerInvariant()), out var key) ? key : KeyStatus.Missing(purpose, owner);

    public IReadOnlyCollection<KeyStatus> All => _keys.Values;
}
