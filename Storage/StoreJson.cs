using System.Text.Json;
using System.Text.Json.Serialization;

namespace Smgw.Storage;

/// <summary>The JSON the message store keeps (envelopes, workflow state): plain, camelCase, enums by name, no type names.</summary>
public static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
