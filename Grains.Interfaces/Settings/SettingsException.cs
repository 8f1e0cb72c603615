namespace Smgw.Interfaces.Settings;

/// <summary>Settings that cannot be used, each problem naming the setting and the expected form.</summary>
public sealed class SettingsException(IReadOnlyList<string> problems) : Exception(string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems => problems;
}
