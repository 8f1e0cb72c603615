using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Smgw.Cli;

/// <summary>The admin API over HTTP: <c>SMGW_URL</c> (default http://127.0.0.1:8080) and <c>SMGW_TOKEN</c> (an API key).</summary>
public sealed class ApiClient(HttpClient http)
{
    public static ApiClient FromEnvironment()
    {
        var url = Environment.GetEnvironmentVariable("SMGW_URL") is { Length: > 0 } u ? u : "http://127.0.0.1:8080";
        var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        if (Environment.GetEnvironmentVariable("SMGW_TOKEN") is { Length: > 0 } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return new ApiClient(http);
    }

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<ApiResponse> PutAsync(string path, string json) => SendAsync(HttpMethod.Put, path, json);

    public Task<ApiResponse> PostAsync(string path, string? json) => SendAsync(HttpMethod.Post, path, json ?? "{}");

    public Task<ApiResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    private async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new ApiResponse((int)response.StatusCode, body);
    }
}

public sealed record ApiResponse(int Status, string Body)
{
    public bool Ok => Status is >= 200 and < 300;

    public JsonElement Json => Body.Length == 0 ? default : JsonDocument.Parse(Body).RootElement.Clone();

    /// <summary>The problem response's detail, or the body.</summary>
    public string Error()
    {
        try
        {
            var json = Json;
            return json.ValueKind == JsonValueKind.Object && json.TryGetProperty("detail", out var detail)
                ? $"{Status} {json.GetProperty("title").GetString()}: {detail.GetString()}"
                : $"{Status} {Body}";
        }
        catch (JsonException)
        {
            return $"{Status} {Body}";
        }
    }
}
