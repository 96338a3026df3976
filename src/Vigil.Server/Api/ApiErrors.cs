using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Vigil.Protocol;

namespace Vigil.Server.Api;

/// <summary>Every error the server returns has the same body: <see cref="ApiError"/> with a stable code and a reason.</summary>
public static class ApiErrors
{
    public static Task WriteAsync(HttpContext context, int status, string code, string message, long? lastSequence = null)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var error = new ApiError { Code = code, Message = message, LastSequence = lastSequence };
        return context.Response.WriteAsync(JsonSerializer.Serialize(error, ProtocolJsonContext.Default.ApiError), context.RequestAborted);
    }

    public static IResult Result(int status, string code, string message, long? lastSequence = null) =>
        Results.Json(new ApiError { Code = code, Message = message, LastSequence = lastSequence }, ProtocolJsonContext.Default.ApiError, statusCode: status);
}
