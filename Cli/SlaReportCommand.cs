using System.Globalization;
using System.Text.Json;

namespace Smgw.Cli;

/// <summary>
/// <c>smgw sla report [--period YYYY-MM] [--tenant ID] [--svg FILE] [--html FILE]</c>: the month's
/// figures, a table of daily availability and every interruption with exemptions marked; the
/// chart (SVG) and the full page (HTML) as the gateway renders them, saved to files.
/// </summary>
public sealed class SlaReportCommand(TextWriter output, TextWriter error, ApiClient api)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is not ("--period" or "--tenant" or "--svg" or "--html") || i + 1 >= args.Count)
            {
                await error.WriteLineAsync($"smgw: sla report: unexpected '{args[i]}'");
                return 2;
            }
            options[args[i][2..]] = args[++i];
        }
        var query = string.Join("&", new[] { "period", "tenant" }.Where(options.ContainsKey).Select(k => $"{k}={Uri.EscapeDataString(options[k])}"));
        var path = "/api/sla/report" + (query.Length > 0 ? "?" + query : "");

        var response = await api.GetAsync(path);
        if (!response.Ok)
        {
            await error.WriteLineAsync($"smgw: {response.Error()}");
            return 1;
        }
        await PrintAsync(response.Json);

        foreach (var format in new[] { "svg", "html" }.Where(options.ContainsKey))
        {
            var rendered = await api.GetAsync(path + (query.Length > 0 ? "&" : "?") + "format=" + format);
            if (!rendered.Ok)
            {
                await error.WriteLineAsync($"smgw: {rendered.Error()}");
                return 1;
            }
            await File.WriteAllTextAsync(options[format], rendered.Body);
            await output.WriteLineAsync($"{format.ToUpperInvariant()} written to {options[format]}");
        }
        return 0;
    }

    private async Task PrintAsync(JsonElement report)
    {
        var subject = report.GetProperty("subject").GetString()!;
        var figures = subject == "all" ? report.GetProperty("overall") : report.GetProperty("tenants").GetProperty(subject);
        await output.WriteLineAsync($"SLA report {report.GetProperty("period").GetString()} — {(subject == "all" ? "whole service" : "tenant " + subject)}"
            + (report.GetProperty("complete").GetBoolean() ? "" : " (period not over: figures so far)"));
        await output.WriteLineAsync(string.Create(Inv,
            $"availability {figures.GetProperty("availability").GetDouble() * 100:0.000} % — {(figures.GetProperty("meetsTarget").GetBoolean() ? "meets the target" : "BELOW the target")}"));
        await output.WriteLineAsync(string.Create(Inv,
            $"counted downtime {figures.GetProperty("countedDowntimeMinutes").GetDouble():0} min, exempt maintenance {figures.GetProperty("exemptMaintenanceMinutes").GetDouble():0} min, excluded {figures.GetProperty("excludedMinutes").GetDouble():0} min, error budget left {figures.GetProperty("errorBudgetRemainingMinutes").GetDouble():0} min"));
        await output.WriteLineAsync(string.Create(Inv,
            $"longest interruption {figures.GetProperty("longestInterruptionMinutes").GetDouble():0} min{(figures.GetProperty("interruptionCapBreached").GetBoolean() ? " — 240-minute cap BROKEN" : " (cap 240 min)")}")
            + (figures.TryGetProperty("longestInterruption", out var longest) && longest.ValueKind == JsonValueKind.Object
                ? $": {Local(longest.GetProperty("start"))} – {Local(longest.GetProperty("end"))} Berlin, ISO week {longest.GetProperty("week").GetString()}"
                : ""));
        await output.WriteLineAsync();
        await output.WriteLineAsync("day              availability  counted min  marks");
        foreach (var day in report.GetProperty("daily").EnumerateArray())
        {
            var marks = string.Join(" ", new[] { day.GetProperty("exemptMaintenance").GetBoolean() ? "M" : "", day.GetProperty("excluded").GetBoolean() ? "X" : "" }.Where(m => m.Length > 0));
            var date = DateOnly.ParseExact(day.GetProperty("day").GetString()!, "yyyy-MM-dd", Inv);
            var availability = day.GetProperty("future").GetBoolean() ? "" : string.Create(Inv, $"{day.GetProperty("availability").GetDouble() * 100:0.000} %");
            await output.WriteLineAsync(string.Create(Inv, $"{date.ToString("ddd yyyy-MM-dd", Inv),-16} {availability,12}  {day.GetProperty("countedDowntimeMinutes").GetDouble(),11:0}  {marks}"));
        }
        await output.WriteLineAsync("marks: M exempt maintenance, X excluded disturbance");
        await output.WriteLineAsync();
        var interruptions = report.GetProperty("interruptions").EnumerateArray().ToList();
        await output.WriteLineAsync(interruptions.Count == 0 ? "no interruptions" : "from (Berlin)     to (Berlin)        minutes  counts             what / why");
        foreach (var interruption in interruptions)
        {
            var kind = interruption.GetProperty("kind").GetString() switch
            {
                "Counted" => interruption.GetProperty("ongoing").GetBoolean() ? "counted (ongoing)" : "counted",
                "ExemptMaintenance" => "exempt maintenance",
                _ => "excluded",
            };
            await output.WriteLineAsync(string.Create(Inv,
                $"{Local(interruption.GetProperty("start"))}  {Local(interruption.GetProperty("end"))}  {interruption.GetProperty("minutes").GetDouble(),7:0}  {kind,-18} {interruption.GetProperty("reason").GetString()}"));
        }
    }

    private static string Local(JsonElement instant) =>
        TimeZoneInfo.ConvertTime(instant.GetDateTimeOffset(), Berlin).ToString("yyyy-MM-dd HH:mm", Inv);
}
