#version 330 core
// Comet shading, premultiplied "over" (bounded: a pile of arcs converges on the class colour
// instead of adding up to white): a colour tail fading towards its end and a round head;
// Mirai-fingerprinted heads carry a pale ring of their own hue (the legend's ring).
noperspective in vec2 v_head;
noperspective in float v_side;
in float v_fade;
flat in vec3 v_color;
flat in float v_mirai;
flat in float v_alpha;

out vec4 o_color;

void main()
{
    float across = 1.0 - v_side * v_side;
    float tail = v_fade * v_fade * across * 0.75;
    float r = length(v_head);
    float blob = clamp(1.25 - r * r, 0.0, 1.0);
    float ring = v_mirai * max(0.0, 1.0 - abs(r - 0.72) * 6.0);
    float cover = clamp(max(tail, blob) + ring, 0.0, 1.0) * v_alpha;
    vec3 col = mix(v_color, vec3(1.0), 0.5 * ring);
    o_color = vec4(col * cover, cover);
}
