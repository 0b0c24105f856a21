#version 330 core
// Source glow: a soft disc. Impact flash: an expanding ring around a soft centre. Both in the
// arc's colour, premultiplied "over", so a busy sensor stays its traffic's colour.
flat in vec3 v_color;
flat in float v_alpha;
flat in float v_impact;

out vec4 o_color;

void main()
{
    vec2 d = gl_PointCoord * 2.0 - 1.0;
    float r2 = dot(d, d);
    float disc = max(0.0, 1.0 - r2);
    float ring = max(0.0, 1.0 - abs(r2 - 0.7) * 5.0);
    float cover = clamp(mix(disc * disc, ring + disc * disc * disc * 0.5, v_impact), 0.0, 1.0);
    cover *= v_alpha;
    o_color = vec4(v_color * cover, cover);
}
