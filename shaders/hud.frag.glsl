#version 330 core
// Rounded rectangle from its signed distance: antialiased outline, optional edge colour.
in vec2 v_local;
flat in vec4 v_shape;
in vec4 v_fill;
flat in vec4 v_edge;
out vec4 o_col;

float round_box(vec2 p, vec2 half_size, float r)
{
    vec2 q = abs(p) - half_size + r;
    return length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - r;
}

void main()
{
    float r = min(v_shape.z, min(v_shape.x, v_shape.y));
    float d = round_box(v_local, v_shape.xy, r);
    float cover = clamp(0.5 - d, 0.0, 1.0);
    vec4 c = v_fill;
    if (v_shape.w > 0.0)
        c = mix(v_fill, v_edge, clamp(d + v_shape.w + 0.5, 0.0, 1.0));
    o_col = vec4(c.rgb, c.a * cover);
}
