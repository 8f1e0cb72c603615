using System.Globalization;
using System.Xml.Linq;
using Smgw.Grains.Sla;

namespace Smgw.Silo.Sla;

/// <summary>
/// The report's chart as SVG, drawn by our own code (no native dependencies): a bar per Berlin day
/// (daily availability against the target line), markers for days with exempt maintenance (M) or
/// an excluded disturbance (X), and a strip below with every interruption across the month
/// (counted red, exempt blue, excluded grey). Elements carry <c>data-*</c> attributes with the figures.
/// </summary>
public static class SlaChart
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public const string CountedColour = "#c62828";
    public const string OkColour = "#2e7d32";
    public const string ExemptColour = "#1565c0";
    public const string ExcludedColour = "#757575";
    private const string FutureColour = "#e0e0e0";

    private const double Width = 960, Left = 64, Right = 24, Top = 56, PlotHeight = 220;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static XElement Render(SlaBreakdown breakdown, SlaWords? words = null)
    {
        var w = words ?? SlaWords.English;
        var report = breakdown.Report;
        var subject = breakdown.Subject;
        var days = breakdown.Days;
        var plotWidth = Width - Left - Right;
        var slot = plotWidth / days.Count;
        var bottom = Top + PlotHeight;
        var target = subject.AvailabilityTarget;
        var worstDay = days.Where(d => !d.Future).MinBy(d => d.Availability);
        var lowest = worstDay?.Availability ?? 1;
        // The scale reaches below the worst day (a step of 5 % under it), so its bar is always visible
        // and no day is clipped at the bottom: a day at 40 % draws a 40 % bar, not one at a fixed floor.
        var floor = Math.Max(0, Math.Min(Math.Floor((Math.Min(lowest, target) - 0.01) * 20) / 20, 0.95));
        double Y(double availability) => bottom - ((Math.Clamp(availability, floor, 1) - floor) / (1 - floor) * PlotHeight);
        var periodStart = report.Period.Start;
        var periodLength = report.Period.Length;
        double X(DateTimeOffset instant) => Left + (Math.Clamp((instant - periodStart) / periodLength, 0, 1) * plotWidth);

        var svg = new XElement(Svg + "svg",
            new XAttribute("width", Width), new XAttribute("height", 440), new XAttribute("viewBox", $"0 0 {Width} 440"),
            new XAttribute("font-family", "DejaVu Sans, Arial, sans-serif"), new XAttribute("font-size", 11),
            new XAttribute("data-period", report.Period.Label), new XAttribute("data-tenant", breakdown.Tenant ?? "all"), new XAttribute("data-language", w.Language),
            new XElement(Svg + "rect", new XAttribute("width", Width), new XAttribute("height", 440), new XAttribute("fill", "white")),
            Text(Left, 22, $"{w.ChartTitle} {report.Period.Label} — {(breakdown.Tenant is null ? w.WholeService : $"{w.Tenant} {breakdown.Tenant}")}", 16, "bold"),
            Text(Left, 40, string.Format(Inv, w.ChartSummary,
                w.Percent(subject.Availability), w.Percent(target, "0.0"), Whole(subject.CountedDowntime), Whole(subject.ErrorBudgetRemaining), Whole(subject.ErrorBudget),
                Whole(subject.LongestInterruption), (subject.InterruptionPeriods.FirstOrDefault()?.Cap ?? TimeSpan.FromMinutes(240)).TotalMinutes.ToString("0", Inv))
                + (report.IsComplete ? "" : w.PeriodNotOver), 12, "normal"));

        // y axis: gridlines every fifth of the range
        for (var i = 0; i <= 5; i++)
        {
            var value = floor + ((1 - floor) * i / 5);
            var y = Y(value);
            svg.Add(new XElement(Svg + "line", Attrs(("x1", Left), ("x2", Width - Right), ("y1", y), ("y2", y)), new XAttribute("stroke", "#dddddd")),
                Text(Left - 6, y + 4, w.Percent(value, "0.##"), 10, "normal", "end"));
        }

        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            var x = Left + (i * slot) + (slot * 0.15);
            var y = day.Future ? bottom - 4 : Y(day.Availability);
            var colour = day.Future ? FutureColour : day.Availability >= target ? OkColour : CountedColour;
            var dayText = day.Day.ToString("yyyy-MM-dd", Inv);
            var worst = !day.Future && day.Availability < 1 && day == worstDay;
            svg.Add(new XElement(Svg + "rect",
                new XAttribute("class", day.Future ? "day future" : day.Availability >= target ? "day ok" : "day below"),
                new XAttribute("data-day", dayText),
                worst ? new XAttribute("data-worst", "true") : null,
                new XAttribute("data-availability", day.Availability.ToString("0.######", Inv)),
                new XAttribute("data-counted-minutes", day.CountedDowntime.TotalMinutes.ToString("0.##", Inv)),
                Attrs(("x", x), ("y", y), ("width", slot * 0.7), ("height", Math.Max(bottom - y, 0.5))),
                new XAttribute("fill", colour),
                new XElement(Svg + "title", $"{w.DayLabel(day.Day)}: {w.Percent(day.Availability)}, {Whole(day.CountedDowntime)} min {w.Counted}")));
            svg.Add(Text(x + (slot * 0.35), bottom + 14, day.Day.Day.ToString(Inv), 9, "normal", "middle"));
            if (worst)
            {
                // The worst day names its figure above its bar.
                var label = Halo(Text(x + (slot * 0.35), Math.Max(y - 4, Top - 2), w.Percent(day.Availability, "0.0"), 9, "bold", "middle", CountedColour));
                label.Add(new XAttribute("class", "worst-day"));
                svg.Add(label);
            }
            var markerY = bottom + 30;
            if (day.ExemptMaintenance)
            {
                svg.Add(Marker("exempt", dayText, x + (slot * 0.35), markerY, ExemptColour, "M", w.ExemptRow));
                markerY += 14;
            }
            if (day.Excluded)
            {
                svg.Add(Marker("excluded", dayText, x + (slot * 0.35), markerY, ExcludedColour, "X", w.ExcludedRow));
            }
        }

        var targetY = Y(target);
        svg.Add(new XElement(Svg + "line", new XAttribute("class", "target"), Attrs(("x1", Left), ("x2", Width - Right), ("y1", targetY), ("y2", targetY)),
                new XAttribute("stroke", "#000000"), new XAttribute("stroke-dasharray", "6 4")),
            Halo(Text(Width - Right, targetY - 4, string.Format(Inv, w.TargetLine, w.Percent(target, "0.0")), 10, "bold", "end")));

        // the month as a strip: every interruption, exempt window and exclusion where it lies
        var stripY = bottom + 72;
        svg.Add(Text(Left, stripY - 6, w.InterruptionsStrip, 11, "bold"),
            new XElement(Svg + "rect", Attrs(("x", Left), ("y", stripY), ("width", plotWidth), ("height", 22)), new XAttribute("fill", "#f5f5f5"), new XAttribute("stroke", "#bdbdbd")));
        foreach (var interruption in breakdown.Interruptions)
        {
            var (css, colour, offset, height) = interruption.Kind switch
            {
                InterruptionKind.Counted => ("counted", CountedColour, 0.0, 22.0),
                InterruptionKind.ExemptMaintenance => ("exempt", ExemptColour, 0.0, 11.0),
                _ => ("excluded", ExcludedColour, 11.0, 11.0),
            };
            var x1 = X(interruption.Start);
            var x2 = X(interruption.End);
            svg.Add(new XElement(Svg + "rect",
                new XAttribute("class", $"interruption {css}"),
                new XAttribute("data-start", interruption.Start.UtcDateTime.ToString("o", Inv)),
                new XAttribute("data-end", interruption.End.UtcDateTime.ToString("o", Inv)),
                new XAttribute("data-minutes", interruption.Duration.TotalMinutes.ToString("0.##", Inv)),
                Attrs(("x", x1), ("y", stripY + offset), ("width", Math.Max(x2 - x1, 2)), ("height", height)),
                new XAttribute("fill", colour), new XAttribute("fill-opacity", css == "counted" ? 0.9 : 0.7),
                new XElement(Svg + "title", $"{Local(interruption.Start)} – {Local(interruption.End)}: {w.HowItCounts(interruption)} {Whole(interruption.Duration)} min; {w.Reason(interruption)}")));
        }

        var legendY = stripY + 52;
        var legendX = Left;
        foreach (var (label, colour) in new[] { (w.LegendOk, OkColour), (w.LegendBelow, CountedColour), (w.LegendExempt, ExemptColour), (w.LegendExcluded, ExcludedColour) })
        {
            svg.Add(new XElement(Svg + "rect", Attrs(("x", legendX), ("y", legendY - 9), ("width", 10), ("height", 10)), new XAttribute("fill", colour)),
                Text(legendX + 14, legendY, label, 10, "normal"));
            legendX += 14 + (label.Length * 6.2) + 18;
        }
        return svg;
    }

    public static string RenderText(SlaBreakdown breakdown, SlaWords? words = null) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + Render(breakdown, words).ToString(SaveOptions.DisableFormatting);

    private static string Whole(TimeSpan time) => time.TotalMinutes.ToString("0", Inv);

    public static string Local(DateTimeOffset instant) => BerlinTime.ToLocal(instant).ToString("yyyy-MM-dd HH:mm", Inv);

    private static XElement Halo(XElement text)
    {
        text.Add(new XAttribute("paint-order", "stroke"), new XAttribute("stroke", "white"), new XAttribute("stroke-width", 3));
        return text;
    }

    private static XElement Marker(string css, string day, double x, double y, string colour, string letter, string what) =>
        new(Svg + "g", new XAttribute("class", $"marker {css}"), new XAttribute("data-day", day),
            new XElement(Svg + "circle", Attrs(("cx", x), ("cy", y - 4), ("r", 6)), new XAttribute("fill", colour)),
            Text(x, y, letter, 8, "bold", "middle", "white"),
            new XElement(Svg + "title", $"{day}: {what}"));

    private static XElement Text(double x, double y, string text, int size, string weight, string anchor = "start", string fill = "#212121") =>
        new(Svg + "text", Attrs(("x", x), ("y", y)), new XAttribute("font-size", size), new XAttribute("font-weight", weight),
            new XAttribute("text-anchor", anchor), new XAttribute("fill", fill), text);

    private static IEnumerable<XAttribute> Attrs(params (string Name, double Value)[] values) =>
        values.Select(v => new XAttribute(v.Name, Math.Round(v.Value, 2).ToString(Inv)));
}
