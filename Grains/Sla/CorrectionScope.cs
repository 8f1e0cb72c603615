using System.Text.Json;
using Smgw.Interfaces.Sla;

namespace Smgw.Grains.Sla;

/// <summary>
/// Which period and tenants a correction of an SLA record concerns: the union of the record's
/// version before and after (issue G §2: a report shows that a figure rests on a corrected record).
/// </summary>
public sealed record CorrectionScope(SlaCorrection Correction, IReadOnlyList<TimeInterval> Spans, TenantScope Tenants)
{
    public static CorrectionScope Of(SlaCorrection correction, DateTimeOffset asOf)
    {
        var spans = new List<TimeInterval>();
        var tenants = new List<string>();
        var all = false;
        foreach (var version in new[] { correction.Before, correction.After })
        {
            if (string.IsNullOrEmpty(version))
            {
                continue;
            }
            using var json = JsonDocument.Parse(version);
            var root = json.RootElement;
            var start = root.GetProperty("start").GetDateTimeOffset();
            var end = root.TryGetProperty("end", out var e) && e.ValueKind == JsonValueKind.String ? e.GetDateTimeOffset() : asOf;
            spans.Add(new TimeInterval(start, end > start ? end : start.AddTicks(1)));
            var named = root.TryGetProperty("tenants", out var t) && t.ValueKind == JsonValueKind.Array
                ? t.EnumerateArray().Select(x => x.GetString() ?? "").Where(x => x.Length > 0).ToList()
                : [];
            all |= named.Count == 0;
            tenants.AddRange(named);
        }
        return new CorrectionScope(correction, spans, all || tenants.Count == 0 ? TenantScope.All : TenantScope.Only(tenants));
    }

    public bool Touches(SlaPeriod period) => Spans.Any(s => s.Overlaps(period.Interval));

    /// <summary>Whether the figures of <paramref name="tenant"/> (null: the whole service) may rest on this correction.</summary>
    public bool Concerns(string? tenant) => tenant is null || Tenants.Includes(tenant);

    /// <summary>One line for a reader of the report, in English or (<paramref name="language"/> "de") German.</summary>
    public string Describe(string language = "en") => language == "de"
        ? $"{GermanKind(Correction.Kind)} {Correction.RecordId} {(Correction.Action == SlaCorrectionAction.Withdrawn ? "zurückgezogen" : "geändert")} am {Correction.At:u} von {Correction.By}: {Correction.Reason}"
        : $"{Correction.Kind} {Correction.RecordId} {Correction.Action.ToString().ToLowerInvariant()} on {Correction.At:u} by {Correction.By}: {Correction.Reason}";

    private static string GermanKind(string kind) => kind switch
    {
        "outage" => "Ausfall",
        "maintenance" => "Wartungsfenster",
        "exclusion" => "Ausnahme",
        _ => kind,
    };
}
