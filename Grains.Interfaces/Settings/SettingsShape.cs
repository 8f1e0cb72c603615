using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Smgw.Interfaces.Settings;

/// <summary>
/// Checks that every value under a configuration section converts to the type of the option it
/// sets, before the binder sees it. The binder throws a stack trace for a scalar that does not
/// convert and silently skips a list element that does not (<c>RetryDelays__0=soon</c> left the
/// default delays in force); here both are one line naming the setting and the expected form.
/// </summary>
public static class SettingsShape
{
    public static IReadOnlyList<string> Check(IConfigurationSection section, Type type)
    {
        var problems = new List<string>();
        CheckObject(section, type, problems, depth: 0);
        return problems;
    }

    private static void CheckObject(IConfigurationSection section, Type type, List<string> problems, int depth)
    {
        if (depth > 8)
        {
            return;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || (!property.CanWrite && !IsCollection(property.PropertyType)))
            {
                continue;
            }
            var child = section.GetSection(property.Name);
            if (child.Exists())
            {
                CheckValue(child, property.PropertyType, problems, depth);
            }
        }
    }

    private static void CheckValue(IConfigurationSection section, Type type, List<string> problems, int depth)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (IsScalar(underlying ?? type))
        {
            if (section.Value is null)
            {
                problems.Add($"{section.Path}: expected {Expected(underlying ?? type)}, not a list or section");
            }
            else if (!(underlying is not null && section.Value.Length == 0) && !Converts(section.Value, underlying ?? type))
            {
                problems.Add($"{section.Path}: '{section.Value}' is not {Expected(underlying ?? type)}");
            }
            return;
        }
        if (DictionaryValueType(type) is { } valueType)
        {
            foreach (var entry in section.GetChildren())
            {
                CheckValue(entry, valueType, problems, depth + 1);
            }
            return;
        }
        if (ElementType(type) is { } elementType)
        {
            if (section.Value is { Length: > 0 } single)
            {
                problems.Add($"{section.Path}: '{single}' is a single value; a list is set element by element ({section.Path}:0, {section.Path}:1, …)");
                return;
            }
            foreach (var element in section.GetChildren())
            {
                if (!int.TryParse(element.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    problems.Add($"{element.Path}: a list element is numbered from 0, not '{element.Key}'");
                    continue;
                }
                CheckValue(element, elementType, problems, depth + 1);
            }
            return;
        }
        if (section.Value is { Length: > 0 } value)
        {
            problems.Add($"{section.Path}: '{value}' is a single value; this setting is a section of settings");
            return;
        }
        CheckObject(section, type, problems, depth + 1);
    }

    private static bool IsScalar(Type type) =>
        type == typeof(string) || type.IsEnum || TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));

    private static bool IsCollection(Type type) => ElementType(type) is not null || DictionaryValueType(type) is not null;

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }
        if (type.IsArray)
        {
            return type.GetElementType();
        }
        if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && type.GetGenericArguments() is [var element])
        {
            return element;
        }
        return null;
    }

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericArguments() is [var key, var value] && key == typeof(string) && typeof(IEnumerable).IsAssignableFrom(type)
            ? value
            : null;

    private static bool Converts(string value, Type type)
    {
        if (type == typeof(string))
        {
            return true;
        }
        if (type.IsEnum)
        {
            // Names only (case-insensitive): a number would set a value no name stands for.
            return !value.Trim().All(c => char.IsDigit(c) || c == '-') && Enum.TryParse(type, value, ignoreCase: true, out var parsed) && Enum.IsDefined(type, parsed!);
        }
        try
        {
            return TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value) is not null || !type.IsValueType;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or OverflowException || ex.InnerException is FormatException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>The form a value of <paramref name="type"/> takes, for error messages.</summary>
    public static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type));
        }
        return Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "true or false",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64
                => "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number such as 98.5",
            _ when type == typeof(TimeSpan) => "a duration [d.]hh:mm:ss such as 00:05:00",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "a time such as 2026-01-31T12:00:00Z",
            _ when type == typeof(Uri) => "a URL",
            _ => "a " + type.Name,
        };
    }
}
