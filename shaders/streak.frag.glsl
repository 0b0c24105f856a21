#version 330 core
// Premultiplied "over": overlapping streaks converge on their class colour.
in float v_fade;
flat in vec3 v_color;
flat in float v_alpha;
out vec4 o_color;

void main()
{
    float cover = v_fade * v_fade * v_alpha;
    o_color = vec4(v_color * cover, cover);
}
